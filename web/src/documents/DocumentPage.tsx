/**
 * A project document (requirements, specification, meeting notes, deliverable) open full page:
 * the collaborative editor with carets and inline comments, where it stands in approval, its
 * versions, and what changed since the person's last visit.
 */
import { Comments } from '@atrium/shared/model/comments.ts';
import { projectDocumentName } from '@atrium/shared/model/projectDocuments.ts';
import type { Editor } from '@tiptap/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import type * as Y from 'yjs';
import { useDocValue, useReplica, useTypeValue } from '../app/replicaHooks.ts';
import { useSignedIn } from '../app/session.tsx';
import { PresenceList } from '../components/Presence.tsx';
import { ItemTitleInput } from '../project/ItemTitleInput.tsx';
import { MissingItem } from '../project/MissingItem.tsx';
import {
  emptyProject,
  kindLabel,
  projectIndexName,
  readProject,
  usePeople,
  useProject,
} from '../project/projectData.ts';
import { useSharing } from '../project/useSharing.tsx';
import { rememberTitle } from '../sync/replicas.ts';
import { ApprovalBar } from './ApprovalBar.tsx';
import { useApprovalOf } from './approval.tsx';
import { CommentsPanel, type ShownComment } from './CommentsPanel.tsx';
import { anchorForSelection, type Highlight, type Located, locate, paint } from './commentHighlights.ts';
import { RichEditor } from './RichEditor.tsx';
import { blocksOf } from './richText.ts';
import { TextDiff } from './TextDiff.tsx';
import { VersionsPanel } from './VersionsPanel.tsx';

export function DocumentPage() {
  const { projectId = '', itemId = '' } = useParams();
  const { me } = useSignedIn();
  const project = useProject(projectId);
  const side = project?.side ?? 'customer';
  const team = side === 'team';
  const index = useReplica(project ? projectIndexName(side, projectId) : null);
  const view = useDocValue(index.replica?.doc, (doc) => readProject(side, doc), emptyProject);
  const item = view.items.find((candidate) => candidate.id === itemId);
  const sharedName = projectDocumentName.itemShared(projectId, itemId);
  const shared = useReplica(item ? sharedName : null);
  const internal = useReplica(team && item ? projectDocumentName.itemInternal(projectId, itemId) : null);
  const people = usePeople(projectId);
  const customerName = project?.customerName ?? 'the customer';
  const sharing = useSharing(projectId, customerName);
  const readOnly = !team && project?.role !== 'collaborator';
  // The customer reacts on the team's client comments (one object, so the comment cards stay memoised).
  const feedback = useMemo(
    () => (project && !team ? { projectId, itemId } : undefined),
    [project, team, projectId, itemId],
  );
  const [editor, setEditor] = useState<Editor | null>(null);
  const [draft, setDraft] = useState<ReturnType<typeof anchorForSelection>>(null);
  const [active, setActive] = useState<string | null>(null);
  const [located, setLocated] = useState<Located[]>([]);
  const [tab, setTab] = useState<'comments' | 'versions'>('comments');

  const sharedDoc = shared.replica?.doc;
  const internalDoc = internal.replica?.doc;
  const approval = useApprovalOf(sharedDoc);
  const clientComments = useTypeValue(
    sharedDoc && Comments.of(sharedDoc).array,
    (array) => new Comments(array).list(),
    [],
  );
  const internalComments = useTypeValue(
    internalDoc && Comments.of(internalDoc).array,
    (array) => new Comments(array).list(),
    [],
  );
  const comments: ShownComment[] = useMemo(
    () => [
      ...clientComments.filter((c) => !c.deleted).map((c) => ({ ...c, internal: false })),
      ...internalComments.filter((c) => !c.deleted).map((c) => ({ ...c, internal: true })),
    ],
    [clientComments, internalComments],
  );

  useEffect(() => {
    if (item?.title) rememberTitle(sharedName, item.title);
  }, [item?.title, sharedName]);

  // Keep highlights on their words: repaint after every change to the text or the comments.
  useEffect(() => {
    if (!editor || !sharedDoc) return;
    const fragment = sharedDoc.getXmlFragment('description');
    const highlights: Highlight[] = comments.map((c) => ({
      id: c.id,
      anchor: c.anchor,
      internal: c.internal,
      resolved: c.resolved,
      active: c.id === active,
    }));
    let retry: ReturnType<typeof setTimeout> | undefined;
    const repaint = () => {
      clearTimeout(retry);
      if (editor.isDestroyed) return;
      const places = locate(editor, sharedDoc, fragment, highlights);
      if (!places) {
        retry = setTimeout(repaint, 50);
        return;
      }
      // Re-render the comment list only when a comment actually moved, not on every keystroke.
      setLocated((before) => (samePlaces(before, places) ? before : places));
      paint(editor, highlights, places);
    };
    // Between repaints the plugin maps the highlights through each edit, so they move with the
    // text at once; finding every anchor again waits until typing pauses.
    const later = () => {
      clearTimeout(retry);
      retry = setTimeout(repaint, 200);
    };
    repaint();
    editor.on('update', later);
    return () => {
      clearTimeout(retry);
      editor.off('update', later);
    };
  }, [editor, sharedDoc, comments, active]);

  const activate = useCallback(
    (id: string | null) => {
      setActive(id);
      const place = located.find((p) => p.id === id);
      if (editor && place && !place.collapsed) {
        editor.commands.setTextSelection({ from: place.from, to: place.to });
        editor.commands.scrollIntoView();
      }
    },
    [editor, located],
  );

  function startComment() {
    if (!editor || !sharedDoc) return;
    const anchor = anchorForSelection(editor, sharedDoc.getXmlFragment('description'));
    setTab('comments');
    setDraft(anchor);
  }

  if (!project)
    return (
      <main className="page narrow">
        <h1>Document not found</h1>
        <p>This document does not exist, or you do not have access to it.</p>
        <Link to="/">Back to your projects</Link>
      </main>
    );
  if (!item)
    return (
      <main className="page narrow">
        <p className="eyebrow">
          <Link to={`/p/${projectId}/docs`}>← Documents</Link>
        </p>
        {index.synced ? (
          <MissingItem side={side} project={project} itemId={itemId} noun="document" />
        ) : (
          <p role="status">Opening the document…</p>
        )}
      </main>
    );

  const commentAction = !readOnly && (
    <button type="button" className="tool comment-tool" onClick={startComment} disabled={!editor}>
      Comment
    </button>
  );

  return (
    <main className="page document-page">
      <p className="eyebrow">
        <Link to={`/p/${projectId}/docs`}>← Documents of {project.name}</Link>
      </p>
      <header className="document-header">
        {team && index.replica ? (
          <ItemTitleInput
            planDoc={index.replica.doc}
            itemId={itemId}
            title={item.title}
            id="document-title"
            className="document-title-input"
            label="Document title"
          />
        ) : (
          <h1 id="document-title">{item.title}</h1>
        )}
        <div className="row wrap">
          <span className="tag">{kindLabel[item.kind] ?? item.kind}</span>
          {team &&
            (item.shared ? (
              <span className="visibility shared">Shared with {customerName}</span>
            ) : (
              <span className="visibility internal-mark">Internal</span>
            ))}
          {team && (
            <button
              type="button"
              className="small secondary"
              onClick={() => sharing.ask(itemId, item.title, !item.shared)}
            >
              {item.shared ? 'Unshare' : `Share with ${customerName}`}
            </button>
          )}
          <PresenceList replica={shared.replica} label="Here now" />
        </div>
      </header>
      {(item.kind === 'deliverable' || approval.state !== 'none') && (
        <ApprovalBar
          projectId={projectId}
          itemId={itemId}
          approval={approval}
          doc={sharedDoc}
          team={team}
          shared={item.shared}
          canDecide={!team && !readOnly && project.role === 'collaborator'}
          customerName={customerName}
          people={people}
          title={item.title}
        />
      )}
      {sharedDoc && <SinceLastVisit doc={sharedDoc} name={sharedName} userId={me.user.id} synced={shared.synced} />}
      <div className="document-layout">
        <div className="document-main">
          {shared.replica ? (
            <RichEditor
              key={shared.replica.doc.guid}
              replica={shared.replica}
              fragment={shared.replica.doc.getXmlFragment('description')}
              readOnly={readOnly}
              label={`${item.title}, document text`}
              placeholder={readOnly ? 'Nothing written yet.' : 'Start writing — headings, lists, tables, tasks…'}
              onEditor={setEditor}
              actions={commentAction}
              images={{ doc: shared.replica.doc, projectId, itemId }}
            />
          ) : (
            <p role="status">Loading…</p>
          )}
        </div>
        <aside className="document-side">
          <div className="tabs" role="tablist" aria-label="Beside the document">
            <button type="button" role="tab" aria-selected={tab === 'comments'} onClick={() => setTab('comments')}>
              Comments ({comments.filter((c) => !c.resolved).length})
            </button>
            <button type="button" role="tab" aria-selected={tab === 'versions'} onClick={() => setTab('versions')}>
              Versions
            </button>
          </div>
          {tab === 'comments' ? (
            <CommentsPanel
              comments={comments}
              located={located}
              me={me.user.id}
              people={people}
              team={team}
              readOnly={readOnly}
              customerName={customerName}
              clientDoc={sharedDoc}
              internalDoc={internalDoc}
              draft={draft}
              onDraftDone={() => setDraft(null)}
              active={active}
              onActivate={activate}
              feedback={feedback}
            />
          ) : (
            <VersionsPanel projectId={projectId} itemId={itemId} doc={sharedDoc} people={people} canWrite={!readOnly} />
          )}
        </aside>
      </div>
      {sharing.dialog}
    </main>
  );
}

function samePlaces(a: Located[], b: Located[]): boolean {
  return (
    a.length === b.length &&
    a.every((place, i) => {
      const other = b[i];
      return (
        other &&
        place.id === other.id &&
        place.from === other.from &&
        place.to === other.to &&
        place.collapsed === other.collapsed
      );
    })
  );
}

/**
 * "Since your last visit": the text as this person last saw it is kept on this device; when it
 * differs now, the page offers the difference.
 */
function SinceLastVisit({ doc, name, userId, synced }: { doc: Y.Doc; name: string; userId: string; synced: boolean }) {
  const key = `atrium:lastSeen:${userId}:${name}`;
  const [before, setBefore] = useState<string[] | null>(null);
  const [show, setShow] = useState(false);
  // Compared once, when the document has arrived; the text is read again only to show the difference.
  useEffect(() => {
    if (!synced) return;
    try {
      const stored = JSON.parse(localStorage.getItem(key) ?? 'null') as string[] | null;
      const now = blocksOf(doc.getXmlFragment('description'));
      setBefore(stored && JSON.stringify(stored) !== JSON.stringify(now) ? stored : null);
    } catch {
      setBefore(null);
    }
    const save = () => localStorage.setItem(key, JSON.stringify(blocksOf(doc.getXmlFragment('description'))));
    window.addEventListener('pagehide', save);
    return () => {
      window.removeEventListener('pagehide', save);
      save();
    };
  }, [synced, key, doc]);
  if (!before) return null;
  return (
    <div className="since-visit" data-testid="since-last-visit">
      <span className="pill">Changed since your last visit</span>
      <button type="button" className="link-button" onClick={() => setShow(!show)}>
        {show ? 'Hide' : 'Show what changed'}
      </button>
      {show && <TextDiff before={before} after={blocksOf(doc.getXmlFragment('description'))} />}
    </div>
  );
}
