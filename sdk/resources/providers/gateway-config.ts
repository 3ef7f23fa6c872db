import { dynamicProvider } from "../shim";

// The provider object is this module's whole export, so that where the package is installed under
// node_modules the closure serializer stores a reference to this module instead of a copy.
export = dynamicProvider("gateway-config");
