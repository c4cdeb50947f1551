import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatabaseHandle } from '../src/db/database.js';
import { schedulerTick } from '../src/digests/digests.usecases.js';
import { startListscribeHttp } from '../src/http/http.app.js';
import type { HttpServer } from '../src/http/http.server.js';
import { fixedClock } from '../src/shared/clock.js';
import { silentLogger } from '../src/shared/logger.js';
import { type Chromium, describeWithChromium, launchChromium } from './support/chromium.js';
import { freshDatabase } from './support/databases.js';
import { exampleDigestDeps, recordingSender, seedExampleInbox } from './support/example-team.js';

/** The lines a reader sees on the page, cells of a table row joined by tabs. */
async function visibleLines(page: Page): Promise<string[]> {
  // biome-ignore lint/performance/useDomNodeTextContent: what a person reads is the rendered text, not the DOM's
  const text = await page.locator('body').innerText();
  return (
    text
      .split('\n')
      // &nbsp; and runs of spaces read as one space.
      .map((line) => line.replace(/[ \u00a0]+/g, ' ').trim())
      .filter(Boolean)
  );
}

describeWithChromium('the web archive in a browser', () => {
  const clock = fixedClock('2023-12-01T00:00:00Z');
  let handle: DatabaseHandle;
  let server: HttpServer;
  let browser: Chromium;

  beforeAll(async () => {
    handle = await freshDatabase('pglite');
    await seedExampleInbox(handle.db, clock);
    const deps = exampleDigestDeps(handle.db, clock, recordingSender());
    clock.set('2023-12-04T17:00:00Z'); // the minutes of 4 Dec go out
    await schedulerTick(deps);
    clock.set('2023-12-10T14:10:00Z'); // the agenda of 11 Dec goes out
    await schedulerTick(deps);
    clock.set('2023-12-10T15:00:00Z');
    server = await startListscribeHttp({
      host: '127.0.0.1',
      port: 0,
      archive: exampleDigestDeps(handle.db, clock),
      databaseKind: 'pglite',
      source: {
        kind: 'maildir',
        state: () => ({ source: 'maildir', connected: true, lastSyncAt: clock.now(), lastError: null }),
      },
      logger: silentLogger,
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await handle?.close();
  });

  it('a member opens the archive, follows the next meeting, and reads its agenda and action items', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/`);
    expect(await page.title()).toBe('listscribe archive');
    expect(await page.getByRole('heading', { level: 2 }).allInnerTexts()).toEqual(['Team IaaS']);

    await page
      .getByRole('row', { name: /Mon 11 Dec 2023/ })
      .getByRole('link', { name: 'Agenda' })
      .click();
    await page.waitForURL('**/teams/iaas/weekly/2023-12-11/agenda');
    expect(await page.title()).toBe('Agenda: Team IaaS Meeting, Mon 11 Dec 2023');

    const lines = await visibleLines(page);
    expect(lines).toContain('Team IaaS Meeting');
    expect(lines).toContain(
      'Minutes: @FriederikeZelke · Community-call report: @fkr (next time: minutes @garloff, report @berendt)',
    );
    // The agenda, in order, with its running clock, owners and time boxes.
    const agenda = lines.filter((line) => /^\d\d:\d\d\t\d+\.\t/.test(line));
    expect(agenda).toEqual([
      '15:05\t1.\tSCS lab cabling status\t@FriederikeZelke\t10 min',
      '15:15\t2.\tMonitoring standards\t@berendt\t15 min',
    ]);
    // Open action items, by person, unassigned last.
    const actions = lines.slice(lines.findIndex((line) => line.startsWith('Open action items')));
    expect(actions.slice(1, 5)).toEqual([
      '@garloff',
      'A-2\tescalate to the provider if v3 is not stable\tdue 15 Jan 2024',
      'unassigned',
      'A-3\tadjust the image standard for the lab\tsince 4 Dec (new)',
    ]);
    expect(lines.join('\n')).toContain(
      'As mailed to scs-tech@lists.example.org on Sun 10 Dec 2023, 15:10 CET.',
    );

    // Back to the team, on to the minutes of the meeting held.
    await page.getByRole('navigation', { name: 'archive' }).getByRole('link', { name: 'Team IaaS' }).click();
    await page.waitForURL('**/teams/iaas/');
    await page
      .getByRole('row', { name: /Mon 4 Dec 2023/ })
      .getByRole('link', { name: 'Minutes' })
      .click();
    await page.waitForURL('**/teams/iaas/weekly/2023-12-04/minutes');
    const minutes = (await visibleLines(page)).join('\n');
    expect(minutes).toContain('Minutes of Team IaaS Meeting');
    expect(minutes).toContain('sprint review and planning replaces every second Team IaaS meeting');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Minutes (.md)' }).click();
    expect((await download).suggestedFilename()).toBe('20231204.md');

    // The open action items page groups them the same way.
    await page.goto(`${server.url}/teams/iaas/actions`);
    const byPerson = await visibleLines(page);
    expect(byPerson).toContain('Open action items by person');
    expect(byPerson.slice(byPerson.indexOf('@garloff'), byPerson.indexOf('@garloff') + 4)).toEqual([
      '@garloff',
      'A-2\tescalate to the provider if v3 is not stable\tdue 15 Jan 2024',
      'unassigned',
      'A-3\tadjust the image standard for the lab\tsince 4 Dec (new)',
    ]);
    await page.close();
  });
});
