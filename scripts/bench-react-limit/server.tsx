// The React limit for npm run bench:pages: a bare node:http server that renders the real lesson
// page's component tree (the app's root Layout around the lesson route) with renderToString for
// every request. No router, no session, no database. Bundled by the bench with esbuild, with
// @remix-run/react replaced by ./remix-react-shim.
import cluster from "node:cluster";
import http from "node:http";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { getLessonPage, getModule } from "~/content/catalogue.server";
import { pageI18n } from "~/i18n/page-instances.server";
import { Layout } from "~/root";
import LessonPage from "~/routes/learn.$module.$page";
import { createNonce } from "~/utils/security-headers.server";
import { NonceContext } from "~/utils/nonce";
import { ShimContext, type ShimPage } from "./remix-react-shim";

const port = Number(process.env.PORT);
const processes = Number(process.env.WEB_CONCURRENCY ?? 1);
const [slug, pageNumber] = (process.env.LESSON ?? "spotting-phishing/2").split("/");
const module = getModule(slug, "en-GB");
const found = getLessonPage(slug, Number(pageNumber), "en-GB");
if (!module || !found) throw new Error(`No lesson ${slug}/${pageNumber}`);
const { htmlWales: _wales, localContacts: _contacts, ...page } = found;

const shim: ShimPage = {
  pathname: `/learn/${slug}/${pageNumber}`,
  title: `${page.title} - ${module.title} - Cyber Basics`,
  stylesheets: JSON.parse(process.env.STYLESHEETS ?? "[]"),
  scripts: JSON.parse(process.env.SCRIPTS ?? "[]"),
  data: {
    root: {
      language: "en-GB",
      user: { name: "Load Learner", canManage: false, isAdmin: false, isAnalyst: false },
      sessionEnded: false,
    },
    route: { page, slug, moduleTitle: module.title, language: "en-GB", awaitingReview: false },
  },
};

function render(): string {
  const nonce = createNonce();
  return (
    "<!DOCTYPE html>" +
    renderToString(
      <NonceContext.Provider value={nonce}>
        <I18nextProvider i18n={pageI18n("en-GB")}>
          <ShimContext.Provider value={shim}>
            <Layout>
              <LessonPage />
            </Layout>
          </ShimContext.Provider>
        </I18nextProvider>
      </NonceContext.Provider>,
    )
  );
}

if (cluster.isPrimary && processes > 1) {
  for (let i = 0; i < processes; i++) cluster.fork();
} else {
  http
    .createServer((_req, res) => {
      const body = Buffer.from(render());
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Content-Length": body.length });
      res.end(body);
    })
    .listen(port, "127.0.0.1");
}
