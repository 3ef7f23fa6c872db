/**
 * The base of every error this package throws. Callers match on `code` (stable, `AIGW_<THING>`),
 * never on the message, which may be reworded.
 */
export class AigwError extends Error {
  override name = "AigwError";
  /** A stable identifier such as `AIGW_NOT_FOUND`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
