import type { ActionGroupView } from '../digests/agenda-digest.models.js';
import { inZone, meetingTimes, plural, shortDate } from '../digests/digest-format.models.js';
import type { TeamContext } from '../ingest/ingest.models.js';
import { toOccurrence } from '../meetings/meetings.repository.js';
import type { ArchivedMeeting, DigestState } from './archive.repository.js';
import { html, type SafeHtml, trustedHtml } from './html.models.js';

/*
 * The archive's own pages (index, team, action items, not found), and the frame around
 * the digest pages. Pure functions from views to HTML; every link is relative to the
 * page (`base` leads back to the archive's root), so the archive also works behind a
 * reverse proxy under a path prefix.
 */

const STYLE = `
body{margin:0;background:#f4f5f7;color:#1f2328;font:14px/1.5 Arial,Helvetica,sans-serif}
nav.crumbs{max-width:760px;margin:16px auto 0;padding:0 8px;font-size:13px;color:#57606a}
main{max-width:760px;margin:8px auto 24px;background:#fff;border:1px solid #dfe1e6;padding:20px 24px}
a{color:#0969da}
h1{font-size:20px;margin:0 0 4px}
h2{font-size:16px;margin:24px 0 6px;padding-bottom:3px;border-bottom:1px solid #dfe1e6}
h3{font-size:14px;margin:14px 0 4px;color:#57606a}
table{border-collapse:collapse;width:100%}
th{font-weight:normal;color:#57606a;text-align:left;padding:2px 10px 2px 0;font-size:12px}
td{padding:4px 10px 4px 0;vertical-align:top}
td.person{padding-top:10px;font-weight:bold}
.muted{color:#57606a}.small{font-size:12px}.nowrap{white-space:nowrap}
.ref{font-family:Consolas,Menlo,monospace;white-space:nowrap}
.overdue{color:#cf222e;font-weight:bold}
ul.links{list-style:none;padding:0;margin:6px 0}ul.links li{display:inline;margin-right:14px}
code{background:#f4f5f7;padding:0 3px}
`;

export interface Crumb {
  label: string;
  /** Relative link; null for the current page. */
  href: string | null;
}

export function layout(opts: { title: string; crumbs: Crumb[]; body: SafeHtml }): string {
  const crumbs = opts.crumbs.map((c, i) => {
    const sep = i === 0 ? '' : ' › ';
    return c.href === null
      ? html`${sep}<span>${c.label}</span>`
      : html`${sep}<a href="${c.href}">${c.label}</a>`;
  });
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${opts.title}</title>
<style>${trustedHtml(STYLE)}</style>
</head>
<body>
<nav class="crumbs" aria-label="breadcrumbs">${crumbs}</nav>
<main>
${opts.body}
</main>
</body>
</html>
`.value;
}

/** How a page reaches the archive's other pages. */
interface Links {
  /** From this page back to the archive root: "", "../../", … */
  base: string;
}

const seg = encodeURIComponent;
const teamPath = (slug: string) => `teams/${seg(slug)}/`;
const meetingPath = (m: ArchivedMeeting) =>
  `${teamPath(m.meeting.team)}${seg(m.meeting.series)}/${seg(m.meeting.localDate)}/`;

/** "Mon 11 Dec 2023", "15:05–15:55 CET" and the series, in the meeting's own zone. */
function when(m: ArchivedMeeting) {
  const times = meetingTimes(toOccurrence(m.meeting));
  return { date: times.dateShort, time: `${times.start}–${times.end} ${times.zone}`, series: times.title };
}

function sentNote(state: DigestState | null, timeZone: string, now: Date): string {
  if (state === null) return '';
  if (state.status === 'sent' && state.sentAt) {
    const at = inZone(state.sentAt, timeZone);
    return `sent ${shortDate(at, inZone(now, timeZone).year)} ${at.toFormat('HH:mm')}`;
  }
  if (state.status === 'pending' || state.status === 'sending' || state.status === 'retry')
    return 'not sent yet';
  return state.status; // failed, missed: what `status` also says
}

function meetingTable(rows: ArchivedMeeting[], links: Links, now: Date): SafeHtml {
  const body = rows.map((m) => {
    const { date, time, series } = when(m);
    const path = `${links.base}${meetingPath(m)}`;
    const ended = m.meeting.endsAt <= now;
    const agendaNote = sentNote(m.agenda, m.meeting.timeZone, now) || (ended ? '' : 'draft');
    const minutes = ended
      ? html`<a href="${path}minutes">Minutes</a> <span class="muted small">${m.minutesPosted ? 'posted' : 'none posted'}</span> · <a href="${path}minutes.md" download>.md</a>`
      : html`<span class="muted small">after the meeting</span>`;
    return html`<tr>
<td class="nowrap">${date}</td>
<td class="nowrap muted">${time}</td>
<td>${series}</td>
<td class="nowrap"><a href="${path}agenda">Agenda</a> <span class="muted small">${agendaNote}</span></td>
<td class="nowrap">${minutes}</td>
</tr>`;
  });
  return html`<table>
<thead><tr><th>Date</th><th>Time</th><th>Meeting</th><th>Agenda</th><th>Minutes</th></tr></thead>
<tbody>
${body}
</tbody>
</table>`;
}

function teamLinks(team: TeamContext, links: Links, withMeetings: boolean): SafeHtml {
  const path = `${links.base}${teamPath(team.slug)}`;
  return html`<ul class="links">
${withMeetings ? html`<li><a href="${path}">All meetings</a></li>` : ''}
<li><a href="${path}actions">Open action items</a></li>
<li><a href="${path}meetings.ics">Calendar feed (.ics)</a></li>
</ul>`;
}

export interface IndexView {
  teams: Array<{ team: TeamContext; upcoming: ArchivedMeeting[]; past: ArchivedMeeting[] }>;
  now: Date;
}

/** How many meetings the index shows per team; the team page has them all. */
const INDEX_UPCOMING = 3;
const INDEX_PAST = 5;

export function indexPage(view: IndexView): string {
  const links = { base: '' };
  const sections = view.teams.map(({ team, upcoming, past }) => {
    const shown = [...upcoming.slice(0, INDEX_UPCOMING).reverse(), ...past.slice(0, INDEX_PAST)];
    return html`<section>
<h2><a href="${teamPath(team.slug)}">${team.name}</a></h2>
<p class="muted small">List: <a href="mailto:${team.list}">${team.list}</a> · ${plural(upcoming.length, 'upcoming meeting')}, ${plural(past.length, 'past meeting')}</p>
${shown.length === 0 ? html`<p>No meetings stored yet.</p>` : meetingTable(shown, links, view.now)}
${teamLinks(team, links, true)}
</section>`;
  });
  return layout({
    title: 'listscribe archive',
    crumbs: [{ label: 'Archive', href: null }],
    body: html`<h1>Meetings, agendas and minutes</h1>
<p class="muted">Agendas and minutes are shown as they were mailed to the list; one not mailed yet is rendered from what the list recorded so far.</p>
${sections}`,
  });
}

export interface TeamView {
  team: TeamContext;
  upcoming: ArchivedMeeting[];
  past: ArchivedMeeting[];
  now: Date;
}

export function teamPage(view: TeamView): string {
  const links = { base: '../../' };
  const { team } = view;
  return layout({
    title: `${team.name} — listscribe archive`,
    crumbs: [
      { label: 'Archive', href: links.base },
      { label: team.name, href: null },
    ],
    body: html`<h1>${team.name}</h1>
<p class="muted">List: <a href="mailto:${team.list}">${team.list}</a></p>
${teamLinks(team, links, false)}
<h2>Upcoming meetings</h2>
${view.upcoming.length === 0 ? html`<p>None stored yet.</p>` : meetingTable(view.upcoming, links, view.now)}
<h2>Past meetings</h2>
${view.past.length === 0 ? html`<p>None yet.</p>` : meetingTable(view.past, links, view.now)}
<p class="muted small">Subscribe to <a href="meetings.ics">meetings.ics</a> in your calendar to see the meetings there.</p>`,
  });
}

export interface ActionsView {
  team: TeamContext;
  groups: ActionGroupView[];
  count: number;
  overdue: number;
  today: string;
}

export function actionsPage(view: ActionsView): string {
  const links = { base: '../../' };
  const { team } = view;
  const summary = view.overdue > 0 ? `${view.count} open, ${view.overdue} overdue` : `${view.count} open`;
  const rows = view.groups.map(
    (
      group,
    ) => html`<tr><td colspan="3" class="person${group.unassigned ? ' muted' : ''}">${group.person}</td></tr>
${group.items.map(
  (item) => html`<tr>
<td class="ref">${item.ref}</td>
<td>${item.text}${item.sharedWith ? html` <span class="muted">(with ${item.sharedWith})</span>` : ''}</td>
<td class="nowrap ${item.overdue ? 'overdue' : 'muted'}">${item.note}</td>
</tr>`,
)}`,
  );
  const example = view.groups[0]?.items[0]?.ref ?? 'A-1';
  return layout({
    title: `Open action items — ${team.name}`,
    crumbs: [
      { label: 'Archive', href: links.base },
      { label: team.name, href: './' },
      { label: 'Open action items', href: null },
    ],
    body: html`<h1>Open action items by person</h1>
<p class="muted">${team.name}: ${summary}, as of ${view.today}.</p>
${view.count === 0 ? html`<p>None open.</p>` : html`<table><tbody>${rows}</tbody></table>`}
<p class="muted small">To update one, write to <a href="mailto:${team.list}">${team.list}</a>: <code>${example} done</code> (or <code>dropped</code>, <code>reopen</code>). A new one: <code>AI @handle: what to do</code>.</p>`,
  });
}

export function notFoundPage(message: string, base: string): string {
  return layout({
    title: 'Not found — listscribe archive',
    crumbs: [{ label: 'Archive', href: base || './' }],
    body: html`<h1>Not found</h1>
<p>${message}</p>
<p><a href="${base || './'}">Back to the archive</a></p>`,
  });
}

/** From a page's path back to the root: "/teams/iaas/actions" → "../../". */
export function baseOf(pathname: string): string {
  return '../'.repeat(Math.max(0, pathname.split('/').length - 2));
}

export interface DigestFrame {
  team: TeamContext;
  meeting: ArchivedMeeting['meeting'];
  digest: 'agenda' | 'minutes';
  /** The digest template's HTML part: a whole document, escaped by Handlebars. */
  html: string;
  sentAt: Date | null;
  minutesAvailable: boolean;
  now: Date;
}

/**
 * A digest page: the digest's own HTML, as the list received it, with a navigation
 * bar put in after <body>. Inline styles only, like the digest around it.
 */
export function digestFramePage(frame: DigestFrame): string {
  const base = '../../../../';
  const { team, meeting } = frame;
  const times = meetingTimes(toOccurrence(meeting));
  const tab = (kind: 'agenda' | 'minutes', label: string) =>
    frame.digest === kind
      ? html`<strong>${label}</strong>`
      : html`<a href="${kind}" style="color:#0969da;">${label}</a>`;
  const tabs = [
    tab('agenda', 'Agenda'),
    frame.minutesAvailable
      ? html` · ${tab('minutes', 'Minutes')} · <a href="minutes.md" download style="color:#0969da;">Minutes (.md)</a>`
      : html` · <span>Minutes after the meeting</span>`,
  ];
  const origin = frame.sentAt
    ? html`As mailed to ${team.list} on ${inZone(frame.sentAt, meeting.timeZone).toFormat('ccc d LLL yyyy, HH:mm')} ${times.zone}.`
    : frame.digest === 'agenda' && meeting.startsAt <= frame.now
      ? // Items discussed since are no longer open, so they are missing from this rendering.
        html`This agenda was never mailed: rendered from the items still open now.`
      : html`Not mailed yet: rendered from what the list recorded so far.`;
  const bar = html`<nav aria-label="archive" style="max-width:680px;margin:12px auto 0;padding:0 8px;font:13px/1.6 Arial,Helvetica,sans-serif;color:#57606a;">
<a href="${base}" style="color:#0969da;">Archive</a> › <a href="../../" style="color:#0969da;">${team.name}</a> › ${times.title}, ${times.dateShort}<br>
${tabs} <span style="margin-left:10px;font-size:12px;">${origin}</span>
</nav>`;
  return injectAfterBodyOpen(frame.html, bar.value);
}

/** Puts markup right after the <body> tag; a template without one gets it first. */
export function injectAfterBodyOpen(document: string, fragment: string): string {
  const open = /<body\b[^>]*>/i.exec(document);
  if (!open) return `${fragment}\n${document}`;
  const at = open.index + open[0].length;
  return `${document.slice(0, at)}\n${fragment}${document.slice(at)}`;
}
