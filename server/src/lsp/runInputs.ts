// What a run of a detection reads, shared by the preview and the test runs: the field
// definitions (built-in, with the user's files merged over them), the attack-data URL map, the
// "now" of the settings, and the data files (the tests' attack data, or files the user chose).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Detection } from '../core/content/model';
import {
  attackDataMetadata, defaultFieldDefinitions, mergeFieldDefinitions, parseFieldDefinitions, parseIsoTime, type FieldDefinitions,
} from '../core/engine';
import { readTestDataCaches, resolveAttackData, type TestDataCache } from '../node/events/detectionTest';
import type { EventFileInput } from '../node/events/readNdjson';
import type { RunSettings } from './settings';
import { uriToPath } from './workspace/uri';

/** The field definitions of a run: the built-in ones with the user's files merged over them. */
export function fieldDefinitionsOf(settings: RunSettings, folder: string, log: (message: string) => void): FieldDefinitions {
  if (settings.fieldDefinitions.length === 0) return defaultFieldDefinitions();
  const all = [defaultFieldDefinitions()];
  for (const file of settings.fieldDefinitions) {
    const absolute = path.resolve(folder, file);
    try {
      const { definitions, problems } = parseFieldDefinitions(JSON.parse(readFileSync(absolute, 'utf8')));
      for (const problem of problems) log(`${absolute}: ${JSON.stringify(problem)}`);
      all.push(definitions);
    } catch (error) {
      log(`Could not read the field definitions ${absolute}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return mergeFieldDefinitions(...all);
}

/** `splWorkbench.testData.urlMap` as caches, tried before contentctl.yml's test_data_caches. */
export function cachesOf(settings: RunSettings, folder: string): TestDataCache[] {
  return Object.entries(settings.urlMap).map(([baseUrl, directory]) => ({ baseUrl, directory: path.resolve(folder, directory) }));
}

/** `splWorkbench.schedule.now` in epoch seconds; undefined when unset, or (logged) unreadable. */
export function settingsNow(settings: RunSettings, log: (message: string) => void): number | undefined {
  if (settings.now === undefined) return undefined;
  const now = parseIsoTime(settings.now);
  if (now === undefined) log(`splWorkbench.schedule.now: "${settings.now}" is not an ISO 8601 time (e.g. 2025-11-18T07:15:30Z); the current time is used.`);
  return now;
}

/** The local files of every test's attack data (each file once), or a message naming what is
 * missing. */
export function testDataFiles(detection: Detection, contentRoot: string, extraCaches: readonly TestDataCache[]): EventFileInput[] | string {
  const caches = [...extraCaches, ...readTestDataCaches(contentRoot)];
  const inputs: EventFileInput[] = [];
  const seen = new Set<string>();
  for (const test of detection.tests) {
    for (const data of test.attackData) {
      const url = data.data?.value;
      if (!url) continue;
      const file = resolveAttackData(url, caches, contentRoot);
      if (!file) return `no local file for the attack data ${url}: map its prefix in contentctl.yml's test_data_caches or the setting splWorkbench.testData.urlMap`;
      if (!existsSync(file)) return `missing data file ${file}: the test "${test.name?.value ?? '?'}" names ${url}`;
      const metadata = attackDataMetadata(data);
      const key = `${file}\u0000${metadata.sourcetype ?? ''}\u0000${metadata.source ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inputs.push({ path: file, metadata });
    }
  }
  if (inputs.length === 0) return "the detection's tests name no attack data: choose sample data files (SPL Workbench: Choose Sample Data)";
  return inputs;
}

/** Data files a client names, as file URIs or paths: their paths; undefined for none. */
export function dataFilePaths(files: readonly string[] | undefined): string[] | undefined {
  return files?.length ? files.map((f) => (f.startsWith('file:') ? uriToPath(f) : f)) : undefined;
}

/** Files the user chose, read with the metadata of the detection's first attack data (its
 * sourcetype decides the field mapping). */
export function chosenDataFiles(detection: Detection, files: readonly string[]): EventFileInput[] {
  const first = detection.tests.find((t) => t.attackData.length > 0)?.attackData[0];
  const metadata = first ? attackDataMetadata(first) : {};
  return files.map((file) => ({ path: file, metadata: { ...metadata, source: file } }));
}
