import type { Occurrence, Rotation } from '../meetings/meeting.types.js';

/** What the digests know about a team. */
export interface DigestTeam {
  slug: string;
  name: string;
  /** The list's posting address, where replies go. */
  list: string;
  /** Base URL of the web archive, when one is served. */
  archiveUrl: string | null;
}

export interface DigestAgendaItem {
  title: string;
  /** Handle (or address when the owner is not on the roster). */
  owner: string;
  minutes: number | null;
  /** The localDate of the meeting it was first filed for, when carried over; else null. */
  carriedFrom: string | null;
}

export interface DigestActionItem {
  ref: string;
  text: string;
  owners: string[];
  due: string | null;
  status: 'open' | 'done' | 'dropped';
  createdAt: Date;
  /** Meetings held since it was created (0 = created since the last meeting). */
  meetingsOpen: number;
}

export interface DigestActionUpdate {
  ref: string;
  text: string;
  owners: string[];
  status: 'open' | 'done' | 'dropped';
  note: string | null;
  /** Handle or address of whoever sent the update. */
  by: string;
}

export interface DigestThread {
  subject: string;
  messages: number;
  /** Handles (or names) of the authors, in order of first post. */
  participants: string[];
  lastAt: Date;
}

export interface DigestDecision {
  text: string;
  /** The minutes topic it belongs to, when known. */
  topic: string | null;
}

export interface AgendaDigestInput {
  team: DigestTeam;
  meeting: Occurrence;
  rotation: Rotation;
  /** Who is on duty at the meeting after this one ("next time: …"). */
  nextRotation: Rotation;
  /** In the order they will be discussed: carried-over first, then by filing time. */
  agenda: DigestAgendaItem[];
  openActions: DigestActionItem[];
  /** Closed (done or dropped) since the previous meeting. */
  closedSinceLast: DigestActionUpdate[];
  threads: DigestThread[];
  /** The previous meeting's start, or null for the first meeting. */
  since: Date | null;
  now: Date;
}

export interface MinutesTopicSummary {
  title: string;
  owners: string[];
  minutes: number | null;
  /** First bullet or a short summary line from the minutes, when there is one. */
  summary: string | null;
}

export interface MinutesDigestInput {
  team: DigestTeam;
  meeting: Occurrence;
  /** The rotation at this meeting: who was expected to take the minutes. */
  rotation: Rotation;
  /** null when no [minutes] mail came. */
  minutes: {
    participants: string[];
    topics: MinutesTopicSummary[];
    minuteTaker: string | null;
    reporter: string | null;
    /** The minutes as the minute-taker wrote them. */
    markdown: string;
  } | null;
  decisions: DigestDecision[];
  newActions: DigestActionItem[];
  updatedActions: DigestActionUpdate[];
  /** Every open action item of the team after this meeting. */
  openActions: DigestActionItem[];
  /** Agenda items not discussed, carried over to the next meeting. */
  carriedOver: DigestAgendaItem[];
  nextMeeting: Occurrence | null;
  nextRotation: Rotation;
  now: Date;
}

export interface DigestAttachment {
  filename: string;
  contentType: string;
  content: string;
}

/** A rendered digest, ready to be put into a message (the sender adds headers). */
export interface RenderedDigest {
  subject: string;
  text: string;
  html: string;
  attachments: DigestAttachment[];
}
