/**
 * Informal feedback: a customer's quick reaction (positive, neutral, concern) with an optional note
 * on something they can see — a shared item, a message of its client thread, a client comment in
 * its text, or a request. The server's `feedback` table is the source of truth (REST only); the
 * team routes an entry to one of its service teams, answers it, or turns it into a request. What a
 * customer gets back is `FeedbackView` without the team's routing (`teamId`, `teamName`): which team
 * handles it is internal.
 */

export const feedbackSentiments = ['positive', 'neutral', 'concern'] as const;
export type FeedbackSentiment = (typeof feedbackSentiments)[number];

/** What the reaction is on. `item` on a request item is stored as `request`. */
export const feedbackTargets = ['item', 'message', 'comment', 'request'] as const;
export type FeedbackTarget = (typeof feedbackTargets)[number];

export const sentimentLabels: Record<FeedbackSentiment, string> = {
  positive: 'Positive',
  neutral: 'Neutral',
  concern: 'Concern',
};

export const sentimentEmoji: Record<FeedbackSentiment, string> = {
  positive: '👍',
  neutral: '😐',
  concern: '⚠',
};

export const maxFeedbackNote = 1000;
export const maxFeedbackAnswer = 4000;

/** One entry as the REST API returns it; the routing fields only to the team. */
export type FeedbackView = {
  id: string;
  projectId: string;
  itemId: string;
  itemTitle: string;
  targetKind: FeedbackTarget;
  targetId: string;
  authorId: string;
  authorName: string;
  sentiment: FeedbackSentiment;
  note: string;
  createdAt: number;
  answer: string | null;
  answeredAt: number | null;
  answeredByName: string | null;
  /** The request it was turned into (the request item's id), if any. */
  requestId: string | null;
  requestNumber: number | null;
  /** The team's only. */
  projectName?: string;
  customerName?: string | null;
  teamId?: string | null;
  teamName?: string | null;
};

export type ServiceTeam = {
  id: string;
  name: string;
  archived: boolean;
  createdAt: number;
  members: Array<{ userId: string; name: string }>;
};

/** One customer organisation's health, as the team's home screen shows it (worst first). */
export type CustomerHealth = {
  customerId: string;
  customerName: string;
  projects: number;
  openRequests: number;
  /** Open requests whose target is breached now, and requests closed in the last 30 days that breached. */
  breaches: number;
  unansweredConcerns: number;
  lastActivityAt: number | null;
  daysSinceActivity: number | null;
  level: 'critical' | 'attention' | 'healthy';
};
