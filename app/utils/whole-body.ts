// A page rendered in one piece keeps its bytes beside its Response, so the server can send them
// with one write instead of reading them back through the Response's web stream (several promises
// and copies per page). Symbol.for: the server and the Remix build each load their own copy of
// this module.
const WHOLE_BODY = Symbol.for("cyber-basics.whole-body");

type WithBody = Response & { [WHOLE_BODY]?: Buffer };

export function responseWithWholeBody(body: Buffer<ArrayBuffer>, init: ResponseInit): Response {
  const response: WithBody = new Response(body, init);
  response[WHOLE_BODY] = body;
  return response;
}

/** The bytes of a Response made by responseWithWholeBody, unread; undefined for any other. */
export function wholeBodyOf(response: Response): Buffer | undefined {
  return response.bodyUsed ? undefined : (response as WithBody)[WHOLE_BODY];
}
