import { ConfigError } from '../config/config.loader.js';
import type { Config } from '../config/config.schema.js';
import type { MeetingPlan } from './meeting-plan.js';
import { loadSeriesSources } from './meetings.loader.js';
import { rotationRule, seriesRule } from './series-rule.models.js';

/**
 * Every team's meeting plans from configuration, calendar files read relative to the
 * configuration file. A calendar problem is a configuration mistake: one line that
 * names the team, the series and what is wrong.
 */
export function meetingPlansOf(config: Config, baseDir: string): Map<string, MeetingPlan[]> {
  const plans = new Map<string, MeetingPlan[]>();
  for (const team of config.teams) {
    plans.set(
      team.slug,
      team.meetings.map((series, index) => {
        try {
          return {
            rule: seriesRule(team.slug, series, loadSeriesSources(series, baseDir)),
            rotation: rotationRule(series),
            agendaLeadHours: series.agendaLeadHours,
            minutesDelayHours: series.minutesDelayHours,
          };
        } catch (error) {
          throw new ConfigError(
            `teams.${team.slug}.meetings.${index} (${series.slug}): ${(error as Error).message}`,
          );
        }
      }),
    );
  }
  return plans;
}
