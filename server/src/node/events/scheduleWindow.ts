// The time window of a detection's scheduled run, for a "now": the window of the deployment (or
// schedule) that applies to its type, else ESCU's default (-70m@m to -10m@m). Without a given
// "now", the run is placed 10 minutes after the newest event, so the sample data falls in it.
// Shared by `spl-workbench run --window schedule` and the preview.
import type { ContentRepository, Deployment } from '../../core/content';
import { defaultFieldDefinitions, scheduledWindow, timeWindow, type FieldDefinitions, type TimeWindow } from '../../core/engine';
import type { EventFileInput } from './readNdjson';
import { runSearchOnFiles } from './runOnFiles';

export const DEFAULT_SCHEDULE = { earliest: '-70m@m', latest: '-10m@m' } as const;

export interface ScheduledWindowChoice {
  readonly window: TimeWindow;
  /** Epoch seconds of the scheduled run. */
  readonly now: number;
  /** The "now" was not given: it is the newest event's time plus 10 minutes. */
  readonly nowFromData: boolean;
  readonly earliest: string;
  readonly latest: string;
  /** The deployment whose schedule applies; undefined for ESCU's default. */
  readonly deployment: Deployment | undefined;
}

/** The newest `_time` among the events (a pass over the data), or undefined when none has one. */
export async function newestEventTime(files: readonly EventFileInput[], fieldDefinitions: FieldDefinitions = defaultFieldDefinitions()): Promise<number | undefined> {
  const result = await runSearchOnFiles('search * | stats max(_time) as newest', files, { fieldDefinitions });
  const newest = result.rows[0]?.newest;
  return typeof newest === 'number' ? newest : undefined;
}

/** The window, or a sentence saying why there is none. */
export async function chooseScheduledWindow(
  repository: ContentRepository,
  detectionType: string | undefined,
  files: readonly EventFileInput[],
  now: number | undefined,
): Promise<ScheduledWindowChoice | string> {
  let runAt = now;
  if (runAt === undefined) {
    runAt = await newestEventTime(files);
    if (runAt === undefined) return 'no event has a time, so the scheduled window needs a "now"';
    runAt += 600;
  }
  const deployment = detectionType ? repository.deploymentFor(detectionType) : undefined;
  const earliest = deployment?.earliestTime?.value ?? DEFAULT_SCHEDULE.earliest;
  const latest = deployment?.latestTime?.value ?? DEFAULT_SCHEDULE.latest;
  const window = deployment?.earliestTime ? scheduledWindow(deployment, runAt) : timeWindow(earliest, latest, runAt);
  if (typeof window === 'string') return window;
  return { window, now: runAt, nowFromData: now === undefined, earliest, latest, deployment: deployment?.earliestTime ? deployment : undefined };
}
