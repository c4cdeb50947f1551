/**
 * Digest cost for a large agenda: 50 agenda items and 200 open action items, the size of a team
 * that has let its tracker grow for a year. Measures the view (pure assembly), the Handlebars
 * render (text + HTML) and composing the MIME mail, each and together.
 */

import { composeMail } from '../src/delivery/compose.js';
import { agendaDigestView } from '../src/digests/agenda-digest.models.js';
import type { DigestActionItem, DigestAgendaItem } from '../src/digests/digest.types.js';
import { createDigestRenderer } from '../src/digests/render.js';
import { action, agendaInput } from '../test/support/digest-fixtures.js';
import { prng } from './corpus.js';
import { percentile } from './stats.js';

export interface DigestFigures {
  iterations: number;
  viewP50Ms: number;
  renderP50Ms: number;
  composeP50Ms: number;
  /** View + render + compose of one digest. */
  totalP50Ms: number;
  bytes: number;
}

const HANDLES = ['garloff', 'fkr', 'FriederikeZelke', 'berendt', 'matofeder', 'maxwolfs', 'batistein'];

export function largeAgendaInput(seed: number) {
  const rnd = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const agenda: DigestAgendaItem[] = Array.from({ length: 50 }, (_, i) => ({
    title: `Topic ${i + 1}: ${pick(['IaaS standards', 'Lab cabling', 'Monitoring', 'Flavor naming', 'Keycloak federation'])} – follow-up on the discussion of last week`,
    owner: pick(HANDLES),
    minutes: rnd() < 0.7 ? 5 + Math.floor(rnd() * 4) * 5 : null,
    carriedFrom: rnd() < 0.2 ? '2023-12-04' : null,
  }));
  const openActions: DigestActionItem[] = Array.from({ length: 200 }, (_, i) => {
    const created = new Date(Date.UTC(2023, 0, 1) + Math.floor(rnd() * 340) * 86_400_000);
    const owners = rnd() < 0.1 ? [] : rnd() < 0.3 ? [pick(HANDLES), pick(HANDLES)] : [pick(HANDLES)];
    const due = rnd() < 0.4 ? `2023-12-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}` : null;
    return action(
      `A-${i + 1}`,
      [...new Set(owners)],
      `follow up on item ${i + 1}: ${pick(['write down the outcomes', 'review the PR', 'ask the provider', 'update the standard'])} and report back to the team`,
      created.toISOString(),
      Math.floor(rnd() * 20),
      due,
    );
  });
  return agendaInput({ agenda, openActions });
}

export async function measureDigest(iterations: number): Promise<DigestFigures> {
  const input = largeAgendaInput(7);
  const renderer = createDigestRenderer({});
  const view: number[] = [];
  const render: number[] = [];
  const compose: number[] = [];
  const total: number[] = [];
  let bytes = 0;
  // The first rounds pay for JIT and Handlebars' lazy template compilation: not steady state.
  const warmup = Math.min(20, iterations);
  for (let i = 0; i < warmup + iterations; i++) {
    const t0 = performance.now();
    const v = agendaDigestView(input);
    const t1 = performance.now();
    const body = renderer.agenda(v);
    const t2 = performance.now();
    const mail = await composeMail({
      from: { name: 'listscribe (Team IaaS)', address: 'listscribe@example.org' },
      to: [input.team.list],
      subject: body.subject,
      text: body.text,
      html: body.html,
      attachments: [],
      messageId: `agenda-${i}@listscribe.example.org`,
      inReplyTo: null,
      references: [],
      date: input.now,
      listscribeHeader: 'agenda; team=iaas',
    });
    const t3 = performance.now();
    if (i < warmup) continue;
    bytes = mail.raw.length;
    view.push(t1 - t0);
    render.push(t2 - t1);
    compose.push(t3 - t2);
    total.push(t3 - t0);
  }
  return {
    iterations,
    viewP50Ms: percentile(view, 50),
    renderP50Ms: percentile(render, 50),
    composeP50Ms: percentile(compose, 50),
    totalP50Ms: percentile(total, 50),
    bytes,
  };
}
