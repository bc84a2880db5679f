// The user's settings (`splWorkbench.*`), pulled with `workspace/configuration` and pulled again
// on `workspace/didChangeConfiguration` (the server registers for it when the client allows
// dynamic registration). A client without `workspace/configuration` may push them in the
// notification instead.
import {
  DidChangeConfigurationNotification,
  type ClientCapabilities,
  type Connection,
} from 'vscode-languageserver/node';

export const SETTINGS_SECTION = 'splWorkbench';
export const DEFAULT_DEBOUNCE_MS = 150;

export interface DiagnosticsSettings {
  /** Codes whose diagnostics are never published. */
  readonly silence: ReadonlySet<string>;
  /** Quiet time after an edit before the document is checked again. */
  readonly debounceMs: number;
  /** What runs of detections and tests read (`splWorkbench.testData`, `.fieldDefinitions`, ...). */
  readonly run?: RunSettings;
}

export interface RunSettings {
  /** Attack-data URL prefix → local folder, tried before contentctl.yml's test_data_caches. */
  readonly urlMap: Readonly<Record<string, string>>;
  /** Field-definition JSON files merged over the built-in ones. */
  readonly fieldDefinitions: readonly string[];
  /** The "now" of the scheduled window (ISO 8601), unset for the current time. */
  readonly now?: string;
  /** Result rows kept by a preview. */
  readonly rowLimit: number;
  /** Folders or globs where sample NDJSON files are looked for. */
  readonly sampleDataLocations: readonly string[];
}

export const DEFAULT_ROW_LIMIT = 10_000;
export const DEFAULT_RUN_SETTINGS: RunSettings = { urlMap: {}, fieldDefinitions: [], rowLimit: DEFAULT_ROW_LIMIT, sampleDataLocations: [] };

export const DEFAULT_SETTINGS: DiagnosticsSettings = { silence: new Set(), debounceMs: DEFAULT_DEBOUNCE_MS, run: DEFAULT_RUN_SETTINGS };

/** Reads the `splWorkbench` section as the client gave it; anything malformed falls back to the
 * default, never throws. */
export function readSettings(section: unknown): DiagnosticsSettings {
  const diagnostics = isRecord(section) && isRecord(section.diagnostics) ? section.diagnostics : {};
  const silence = Array.isArray(diagnostics.silence) ? diagnostics.silence.filter((c): c is string => typeof c === 'string') : [];
  const debounce = diagnostics.debounceMs;
  const debounceMs = typeof debounce === 'number' && Number.isFinite(debounce) && debounce >= 0 ? debounce : DEFAULT_DEBOUNCE_MS;
  return { silence: new Set(silence.map((c) => c.trim())), debounceMs, run: readRunSettings(isRecord(section) ? section : {}) };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : [];
}

function readRunSettings(section: Record<string, unknown>): RunSettings {
  const testData = isRecord(section.testData) ? section.testData : {};
  const urlMap: Record<string, string> = {};
  if (isRecord(testData.urlMap)) for (const [prefix, folder] of Object.entries(testData.urlMap)) if (typeof folder === 'string') urlMap[prefix] = folder;
  const schedule = isRecord(section.schedule) ? section.schedule : {};
  const preview = isRecord(section.preview) ? section.preview : {};
  const sampleData = isRecord(section.sampleData) ? section.sampleData : {};
  const limit = preview.rowLimit;
  return {
    urlMap,
    fieldDefinitions: strings(section.fieldDefinitions),
    ...(typeof schedule.now === 'string' && schedule.now.trim() !== '' ? { now: schedule.now.trim() } : {}),
    rowLimit: typeof limit === 'number' && Number.isInteger(limit) && limit > 0 ? limit : DEFAULT_ROW_LIMIT,
    sampleDataLocations: strings(sampleData.locations),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class Settings {
  private value: DiagnosticsSettings = DEFAULT_SETTINGS;
  private pullSupported = false;
  private loaded: Promise<void> = Promise.resolve();
  private readonly listeners: ((settings: DiagnosticsSettings, previous: DiagnosticsSettings) => void)[] = [];

  constructor(private readonly connection: Connection) {
    connection.onDidChangeConfiguration((params) => {
      if (this.pullSupported) void this.pull();
      else this.set(readSettings(isRecord(params.settings) ? params.settings[SETTINGS_SECTION] : undefined));
    });
  }

  get current(): DiagnosticsSettings {
    return this.value;
  }

  /** Resolves once the first read (if any) is done: nothing is published before. */
  ready(): Promise<void> {
    return this.loaded;
  }

  onChange(listener: (settings: DiagnosticsSettings, previous: DiagnosticsSettings) => void): void {
    this.listeners.push(listener);
  }

  /** After `initialized`: read the settings and ask to be told when they change. */
  start(capabilities: ClientCapabilities, initializationOptions: unknown): void {
    this.pullSupported = capabilities.workspace?.configuration === true;
    if (!this.pullSupported && isRecord(initializationOptions)) this.set(readSettings(initializationOptions[SETTINGS_SECTION]));
    if (capabilities.workspace?.didChangeConfiguration?.dynamicRegistration) {
      this.connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch((error: unknown) => {
        this.connection.console.error(`Could not register for configuration changes: ${String(error)}`);
      });
    }
    if (this.pullSupported) this.loaded = this.pull();
  }

  private async pull(): Promise<void> {
    try {
      this.set(readSettings(await this.connection.workspace.getConfiguration(SETTINGS_SECTION)));
    } catch (error) {
      this.connection.console.error(`Could not read the settings: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private set(next: DiagnosticsSettings): void {
    const previous = this.value;
    this.value = next;
    for (const listener of this.listeners) listener(next, previous);
  }
}
