// The one contract of every report format: lint results, reviews, drift reports and routing plans
// each have a registry of formatters built with `defineFormats`, one file per format.

/** Options every formatter accepts; a format that has no use for one ignores it. */
export interface FormatOptions {
  /** ANSI colour (text formats only); the CLI sets it for a TTY without NO_COLOR. Default false. */
  readonly color?: boolean;
}

/**
 * Turns one report into its complete output text in one format (ending with a newline); a kind of
 * report may accept more options than {@link FormatOptions}.
 */
export type Formatter<Report, Options extends FormatOptions = FormatOptions> = (
  report: Report,
  options?: Options,
) => string;

/** The formats of one kind of report, by name, in the order `--help` lists them. */
export interface FormatRegistry<
  Name extends string,
  Report,
  Options extends FormatOptions = FormatOptions,
> {
  /** Every format name, in the order the formatters were defined. */
  readonly names: readonly Name[];
  /** Every formatter by name. */
  readonly formatters: Readonly<Record<Name, Formatter<Report, Options>>>;
  /** True when `name` is one of {@link FormatRegistry.names}. */
  readonly isName: (name: string) => name is Name;
  /** The formatter of the format `name`. */
  readonly get: (name: Name) => Formatter<Report, Options>;
}

/** Options of {@link defineFormats}. */
export interface DefineFormatsOptions {
  /**
   * Applied to every formatter's output, in every format: a kind of report that quotes what
   * users wrote removes the credentials they may have pasted into it (`redactCredentials`).
   */
  readonly redact?: (text: string) => string;
}

/**
 * Builds the registry of one kind of report from its formatters by name; the names keep the
 * order the formatters are listed in.
 */
export function defineFormats<
  Name extends string,
  Report,
  Options extends FormatOptions = FormatOptions,
>(
  given: Readonly<Record<Name, Formatter<Report, Options>>>,
  options: DefineFormatsOptions = {},
): FormatRegistry<Name, Report, Options> {
  const names = Object.freeze(Object.keys(given) as Name[]);
  const { redact } = options;
  const formatters =
    redact === undefined
      ? given
      : (Object.fromEntries(
          names.map((name): [Name, Formatter<Report, Options>] => [
            name,
            (report, formatOptions) => redact(given[name](report, formatOptions)),
          ]),
        ) as Record<Name, Formatter<Report, Options>>);
  return Object.freeze({
    names,
    formatters,
    isName: (name: string): name is Name => (names as readonly string[]).includes(name),
    get: (name: Name): Formatter<Report, Options> => formatters[name],
  });
}

/** The control characters a terminal acts on: C0 but tab and line feed, DEL, and C1. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * `text` with every control character but tab and line feed shown as a symbol of one column:
 * U+2400 and on for C0 (`␛` for escape), `␡` for DEL, `�` for C1. A value a file or the account
 * holds may carry terminal escapes (`\e]0;…\a` sets a window title); a text report prints them
 * visibly instead of letting the terminal run them, and a source line keeps its columns.
 */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    return code === 0x7f ? "\u2421" : "\ufffd";
  });
}
