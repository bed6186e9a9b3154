/**
 * The module filter's value for "all required training". Forms in the browser need it as well as the
 * loaders, so it lives here and not in a .server module (which the browser build leaves empty).
 */
export const ALL = "all";
