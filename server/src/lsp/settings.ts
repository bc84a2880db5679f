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
}

export const DEFAULT_SETTINGS: DiagnosticsSettings = { silence: new Set(), debounceMs: DEFAULT_DEBOUNCE_MS };

/** Reads the `splWorkbench` section as the client gave it; anything malformed falls back to the
 * default, never throws. */
export function readSettings(section: unknown): DiagnosticsSettings {
  const diagnostics = isRecord(section) && isRecord(section.diagnostics) ? section.diagnostics : {};
  const silence = Array.isArray(diagnostics.silence) ? diagnostics.silence.filter((c): c is string => typeof c === 'string') : [];
  const debounce = diagnostics.debounceMs;
  const debounceMs = typeof debounce === 'number' && Number.isFinite(debounce) && debounce >= 0 ? debounce : DEFAULT_DEBOUNCE_MS;
  return { silence: new Set(silence.map((c) => c.trim())), debounceMs };
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
