import { Writable } from "node:stream";
import type { EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import type { ReactElement } from "react";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { getLanguage } from "./i18n/i18n.server";
import { pageI18n } from "./i18n/page-instances.server";
import { applySecurityHeaders, createNonce } from "./utils/security-headers.server";
import { NonceContext } from "./utils/nonce";
import { responseWithWholeBody } from "./utils/whole-body";

export const streamTimeout = 5_000;

/**
 * The hydration data Remix streams into the page (single fetch), read to the end before rendering:
 * nothing in this app is deferred, so it is all there at once.
 */
async function readHandoff(context: EntryContext): Promise<string | null> {
  if (!context.serverHandoffStream) return null;
  const reader = context.serverHandoffStream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  // <RemixServer> asks the (now finished) stream for a reader of its own.
  reader.releaseLock();
  return text + decoder.decode();
}

/**
 * Remix's <Scripts> writes the hydration data through a component that suspends until each chunk
 * of the stream arrives, which only a streaming render can wait for. Putting the whole of it in
 * the per-render cache that component reads first (EntryContext.renderMeta.streamCache) lets the
 * page render synchronously with renderToString, the cheapest way React has to make a page.
 */
function primeHandoff(context: EntryContext, handoff: string) {
  const chunk = Object.assign(Promise.resolve(), { result: { done: true, value: handoff } });
  context.renderMeta = { ...context.renderMeta, streamCache: { 0: chunk } };
}

const HANDOFF_CLOSED = "window.__remixContext.streamController.close();";

function renderStreaming(page: ReactElement, nonce: string): Promise<{ html: Buffer<ArrayBuffer>; failed: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let failed = false;
    let shellRendered = false;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
      },
      final(callback) {
        resolve({ html: Buffer.concat(chunks), failed });
        callback();
      },
    });
    const { pipe, abort } = renderToPipeableStream(page, {
      nonce,
      onShellReady() {
        shellRendered = true;
      },
      onAllReady() {
        clearTimeout(timer);
        pipe(sink);
      },
      onShellError(error: unknown) {
        clearTimeout(timer);
        reject(error);
      },
      onError(error: unknown) {
        failed = true;
        // Errors before the shell reach Remix through onShellError, which reports them itself.
        if (shellRendered) console.error(error);
      },
    });
    const timer = setTimeout(abort, streamTimeout + 1000);
  });
}

/**
 * Renders the whole page and sends it in one piece with a Content-Length: nothing here is
 * deferred, so streaming would not show anything sooner, and one buffer is far cheaper to send.
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  const [language, handoff] = await Promise.all([getLanguage(request), readHandoff(remixContext)]);
  const nonce = createNonce();
  applySecurityHeaders(responseHeaders, nonce);
  const page = (
    <NonceContext.Provider value={nonce}>
      <I18nextProvider i18n={pageI18n(language)}>
        <RemixServer context={remixContext} url={request.url} abortDelay={streamTimeout} nonce={nonce} />
      </I18nextProvider>
    </NonceContext.Provider>
  );

  let html: Buffer<ArrayBuffer> | null = null;
  if (handoff !== null) {
    primeHandoff(remixContext, handoff);
    const rendered = renderToString(page);
    // A page without the hydration data (a later Remix writing it another way) is not sent: the
    // streaming render below reads it from the untouched copy instead.
    if (rendered.includes(HANDOFF_CLOSED)) {
      html = Buffer.from(`<!DOCTYPE html>${rendered}`);
    } else {
      remixContext.renderMeta = {};
      remixContext.serverHandoffStream = new Response(handoff).body!;
    }
  }
  if (!html) {
    const streamed = await renderStreaming(page, nonce);
    if (streamed.failed) responseStatusCode = 500;
    html = streamed.html;
  }
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  responseHeaders.set("Content-Length", String(html.length));
  return responseWithWholeBody(html, { headers: responseHeaders, status: responseStatusCode });
}

// For the server (scripts/serve.ts), which takes these from this build instead of importing the
// app's modules a second time.
export { db as openDatabase } from "./db.server";
export { ensureComplianceCurrent } from "./compliance/store.server";
export { watchContentBuild } from "./content/catalogue.server";
