/**
 * The app's routes. Signed-out people see sign-in and invite pages; everyone else gets the layout
 * (top bar with save state and presence) around home, projects, items and settings.
 */
import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { Layout } from '../components/Layout.tsx';
import { Home } from '../screens/Home.tsx';
import { Join } from '../screens/Join.tsx';
import { ForgotPassword, ResetPassword } from '../screens/PasswordReset.tsx';
import { ProjectPage } from '../screens/ProjectPage.tsx';
import { SignIn } from '../screens/SignIn.tsx';

// Screens that need the full editor (Tiptap, ProseMirror) or are visited rarely load on demand,
// so the board and home open without them.
const DocumentPage = lazy(() => import('../documents/DocumentPage.tsx').then((m) => ({ default: m.DocumentPage })));
const DocumentsList = lazy(() => import('../documents/DocumentsList.tsx').then((m) => ({ default: m.DocumentsList })));
const ProjectSettings = lazy(() =>
  import('../screens/ProjectSettings.tsx').then((m) => ({ default: m.ProjectSettings })),
);
const RequestsScreen = lazy(() =>
  import('../requests/RequestsScreen.tsx').then((m) => ({ default: m.RequestsScreen })),
);
const RequestPage = lazy(() => import('../requests/RequestPage.tsx').then((m) => ({ default: m.RequestPage })));
const NewRequest = lazy(() => import('../requests/NewRequest.tsx').then((m) => ({ default: m.NewRequest })));
const ProjectSlaReport = lazy(() =>
  import('../reports/SlaReportPage.tsx').then((m) => ({ default: m.ProjectSlaReport })),
);
const WorkspaceSlaReport = lazy(() =>
  import('../reports/SlaReportPage.tsx').then((m) => ({ default: m.WorkspaceSlaReport })),
);
const FeedbackInbox = lazy(() => import('../feedback/FeedbackInbox.tsx').then((m) => ({ default: m.FeedbackInbox })));
const TeamsScreen = lazy(() => import('../settings/TeamsSettings.tsx').then((m) => ({ default: m.TeamsScreen })));
const TeamQueue = lazy(() => import('../requests/TeamQueue.tsx').then((m) => ({ default: m.TeamQueue })));
const WorkspaceSettings = lazy(() =>
  import('../requests/WorkspaceSettings.tsx').then((m) => ({ default: m.WorkspaceSettings })),
);
const ViewAsCustomer = lazy(() => import('../screens/ViewAsCustomer.tsx').then((m) => ({ default: m.ViewAsCustomer })));

import { ReplicasContext } from './replicaHooks.ts';
import { SessionProvider, useSession } from './session.tsx';

export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <Routes>
          <Route path="/signin" element={<SignIn />} />
          <Route path="/join/:token" element={<Join />} />
          <Route path="/forgot" element={<ForgotPassword />} />
          <Route path="/reset/:token" element={<ResetPassword />} />
          <Route path="*" element={<SignedInArea />} />
        </Routes>
      </SessionProvider>
    </BrowserRouter>
  );
}

function SignedInArea() {
  const { state } = useSession();
  const location = useLocation();
  if (state.kind === 'loading')
    return (
      <p className="page-loading" role="status">
        Opening Atrium…
      </p>
    );
  if (state.kind === 'signedOut') {
    const next = location.pathname === '/' ? '' : `?next=${encodeURIComponent(location.pathname)}`;
    return <Navigate to={`/signin${next}`} replace />;
  }
  return (
    <ReplicasContext.Provider value={state.replicas}>
      <Suspense
        fallback={
          <p className="page-loading" role="status">
            Opening…
          </p>
        }
      >
        <Routes>
          <Route element={<Layout />}>
            <Route index element={<Home />} />
            <Route path="p/:projectId" element={<ProjectPage />} />
            <Route path="p/:projectId/i/:itemId" element={<ProjectPage />} />
            <Route path="p/:projectId/settings" element={<ProjectSettings />} />
            <Route path="p/:projectId/docs" element={<DocumentsList />} />
            <Route path="p/:projectId/d/:itemId" element={<DocumentPage />} />
            <Route path="p/:projectId/requests" element={<RequestsScreen />} />
            <Route path="p/:projectId/requests/new" element={<NewRequest />} />
            <Route path="p/:projectId/r/:requestId" element={<RequestPage />} />
            <Route path="p/:projectId/as/:userId" element={<ViewAsCustomer />} />
            <Route path="p/:projectId/as/:userId/i/:itemId" element={<ViewAsCustomer />} />
            <Route path="p/:projectId/sla" element={<ProjectSlaReport />} />
            <Route path="w/:workspaceId/sla" element={<WorkspaceSlaReport />} />
            <Route path="w/:workspaceId/feedback" element={<FeedbackInbox />} />
            <Route path="w/:workspaceId/teams" element={<TeamsScreen />} />
            <Route path="w/:workspaceId/queue" element={<TeamQueue />} />
            <Route path="w/:workspaceId/settings" element={<WorkspaceSettings />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </Suspense>
    </ReplicasContext.Provider>
  );
}

function NotFound() {
  return (
    <main className="page narrow">
      <h1>Nothing here</h1>
      <p>This page does not exist, or you do not have access to it.</p>
      <a href="/">Go to your projects</a>
    </main>
  );
}
