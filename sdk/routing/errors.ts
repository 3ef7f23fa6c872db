import { AigwError } from "../core/errors";

/**
 * The routing core was given inputs that contradict each other (an access key that links a
 * configuration that was not passed in). A caller bug, not a gateway answer: gateway rejections
 * are plan outcomes, never exceptions.
 */
export class RoutingInputError extends AigwError {
  override name = "RoutingInputError";

  constructor(message: string) {
    super("AIGW_ROUTING_INPUT", message);
  }
}
