// The files detections refer to: macros, data sources, stories, lookups, deployments/schedules.
import type { MacroDefinition } from '../macros/macroDefinition';
import type { DataSource, Deployment, Lookup, MacroFile, Story, SupportedTA } from './model';
import { locatedString, locatedStrings, seqItems } from './readValues';
import { keySpansAt, scalarText, sourceTextOf, valueOf, type YamlFile } from './yamlFile';

function common(file: YamlFile) {
  return {
    path: file.path,
    text: file.text,
    diagnostics: file.diagnostics,
    yaml: file,
    keySpans: (path: readonly (string | number)[]) => keySpansAt(file, path),
  };
}

export function readMacroFile(file: YamlFile): MacroFile {
  const root = file.root;
  const name = locatedString(file, valueOf(root, 'name'));
  const definition = sourceTextOf(file, valueOf(root, 'definition'));
  const description = scalarText(valueOf(root, 'description'));
  const args = locatedStrings(file, valueOf(root, 'arguments')).map((a) => a.value);
  const macro: MacroDefinition | undefined =
    name && definition
      ? {
          name: name.value,
          args,
          definition,
          ...(description !== undefined ? { description } : {}),
          origin: 'repository-yaml',
          nameSpan: name.span,
        }
      : undefined;
  return { kind: 'macro', ...common(file), name, macro };
}

export function readDataSource(file: YamlFile): DataSource {
  const root = file.root;
  const str = (key: string) => locatedString(file, valueOf(root, key));
  const supportedTAs = seqItems(valueOf(root, 'supported_TA')).map(
    (item): SupportedTA => ({
      name: scalarText(valueOf(item, 'name')),
      url: scalarText(valueOf(item, 'url')),
      version: scalarText(valueOf(item, 'version')),
    }),
  );
  return {
    kind: 'data-source',
    ...common(file),
    name: str('name'),
    source: str('source'),
    sourcetype: str('sourcetype'),
    fields: locatedStrings(file, valueOf(root, 'fields')),
    outputFields: locatedStrings(file, valueOf(root, 'output_fields')),
    exampleLog: sourceTextOf(file, valueOf(root, 'example_log')),
    supportedTAs,
  };
}

export function readStory(file: YamlFile): Story {
  const str = (key: string) => locatedString(file, valueOf(file.root, key));
  return {
    kind: 'story',
    ...common(file),
    name: str('name'),
    id: str('id'),
    status: str('status'),
    description: str('description'),
    narrative: str('narrative'),
  };
}

export function readLookup(file: YamlFile): Lookup {
  const str = (key: string) => locatedString(file, valueOf(file.root, key));
  // KV-store lookups list their fields as one comma-separated string.
  const fieldsNode = valueOf(file.root, 'fields_list') ?? valueOf(file.root, 'fields');
  const fields = locatedStrings(file, fieldsNode)
    .flatMap((f) => f.value.split(','))
    .map((f) => f.trim())
    .filter((f) => f !== '');
  return {
    kind: 'lookup',
    ...common(file),
    name: str('name'),
    filename: str('filename'),
    collection: str('collection'),
    fields,
    description: str('description'),
  };
}

/** Legacy/v5 deployments nest the schedule under `scheduling`; ESCU 6 schedules are flat. */
export function readDeployment(file: YamlFile, schedule: boolean): Deployment {
  const root = file.root;
  const scheduling = valueOf(root, 'scheduling') ?? root;
  const str = (key: string) => locatedString(file, valueOf(scheduling, key));
  const name = locatedString(file, valueOf(root, 'name'));
  const type = scalarText(valueOf(root, 'type'));
  const fromName = name ? /^(?:ESCU )?Default (?:Configuration )?(.+)$/.exec(name.value)?.[1] : undefined;
  return {
    kind: 'deployment',
    ...common(file),
    name,
    cronSchedule: str('cron_schedule'),
    earliestTime: str('earliest_time'),
    latestTime: str('latest_time'),
    appliesTo: type ?? fromName,
    schedule,
  };
}
