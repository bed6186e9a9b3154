// A page rendered in one piece keeps its bytes beside its Response, so the server can send them
// with one write instead of reading them back through the Response's web stream (several promises
// and copies per page). Symbol.for: the server and the Remix build each load their own copy of
// this module.
const WHOLE_BODY = Symbol.for("cyber-basics.whole-body");

type WithBody = Response & { [WHOLE_BODY]?: Buffer };

/**
 * A Response carrying these bytes. Wrapping them in a web stream costs more than the rest of the
 * Response (about 60 µs a page), and the server never reads it: the stream is made only if
 * something else asks for the body.
 */
export function responseWithWholeBody(body: Buffer<ArrayBuffer>, init: ResponseInit): Response {
  const response: WithBody = new Response(null, init);
  let readable: Response | undefined;
  const withStream = () => (readable ??= new Response(body));
  const read =
    <K extends "text" | "arrayBuffer" | "blob" | "json" | "formData">(name: K) =>
    () =>
      withStream()[name]();
  Object.defineProperties(response, {
    [WHOLE_BODY]: { value: body },
    body: { get: () => withStream().body },
    bodyUsed: { get: () => readable?.bodyUsed ?? false },
    text: { value: read("text") },
    arrayBuffer: { value: read("arrayBuffer") },
    blob: { value: read("blob") },
    json: { value: read("json") },
    formData: { value: read("formData") },
    clone: {
      value: () =>
        responseWithWholeBody(body, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        }),
    },
  });
  return response;
}

/** The bytes of a Response made by responseWithWholeBody, unread; undefined for any other. */
export function wholeBodyOf(response: Response): Buffer | undefined {
  return response.bodyUsed ? undefined : (response as WithBody)[WHOLE_BODY];
}
