/** The version of this package; a unit test holds it equal to `package.json`. */
export const VERSION = "0.1.0";
