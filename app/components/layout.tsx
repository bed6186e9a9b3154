import { useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { SupportedLanguage } from "~/i18n/config";
import { AppLink } from "./app-link";

const NHS_LOGO_PATH =
  "M200 0v80H0V0h200Zm-27.5 5.5c-14.5 0-29 5-29 22 0 10.2 7.7 13.5 14.7 16.3l.7.3c5.4 2 10.1 3.9 10.1 8.4 0 6.5-8.5 7.5-14 7.5s-12.5-1.5-16-3.5L135 70c5.5 2 13.5 3.5 20 3.5 15.5 0 32-4.5 32-22.5 0-19.5-25.5-16.5-25.5-25.5 0-5.5 5.5-6.5 12.5-6.5a35 35 0 0 1 14.5 3l4-13.5c-4.5-2-12-3-20-3Zm-131 2h-22l-14 65H22l9-45h.5l13.5 45h21.5l14-65H64l-9 45h-.5l-13-45Zm63 0h-18l-13 65h17l6-28H117l-5.5 28H129l13.5-65H125L119.5 32h-20l5-24.5Z";

export interface HeaderUser {
  name: string;
  canManage: boolean;
  isAdmin: boolean;
  isAnalyst: boolean;
}

/** Whether a header link is to the section this page is in (what Remix's NavLink marks as active). */
const inSection = (pathname: string, to: string) => pathname === to || pathname.startsWith(`${to}/`);

function Navigation({ user, pathname }: { user: HeaderUser; pathname: string }) {
  const { t } = useTranslation();
  const links = [
    { to: "/my-training", label: t("nav.myTraining"), show: true },
    { to: "/modules", label: t("nav.modules"), show: true },
    { to: "/manage", label: t("nav.manage"), show: user.canManage },
    { to: "/analyst", label: t("compliance.nav.analyst"), show: user.isAnalyst },
    { to: "/admin", label: t("nav.admin"), show: user.isAdmin },
  ].filter((link) => link.show);
  return (
    <nav className="nhsuk-header__navigation" aria-label={t("nav.menu")}>
      <div className="nhsuk-header__navigation-container nhsuk-width-container">
        <ul className="nhsuk-header__navigation-list">
          {links.map((link) => (
            <li className="nhsuk-header__navigation-item" key={link.to}>
              <AppLink
                className="nhsuk-header__navigation-link"
                to={link.to}
                aria-current={inSection(pathname, link.to) ? "page" : undefined}
              >
                {link.label}
              </AppLink>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
}

export function SkipLink() {
  const { t } = useTranslation();
  return (
    <a className="nhsuk-skip-link" href="#maincontent">
      {t("service.skipLink")}
    </a>
  );
}

export function Header({ language, user }: { language: SupportedLanguage; user?: HeaderUser | null }) {
  const { t } = useTranslation();
  const location = useLocation();
  const returnTo = location.pathname + location.search;
  const otherLanguage = language === "cy" ? "en-GB" : "cy";
  return (
    <header className="nhsuk-header" role="banner">
      <div className="nhsuk-header__container nhsuk-width-container">
        <div className="nhsuk-header__service">
          <AppLink className="nhsuk-header__service-logo" to="/" aria-label={t("service.homeLabel")}>
            <svg
              className="nhsuk-header__logo"
              xmlns="http://www.w3.org/2000/svg"
              viewBox="0 0 200 80"
              height="40"
              width="100"
              focusable="false"
              role="img"
              aria-label="NHS"
            >
              <title>NHS</title>
              <path fill="currentcolor" d={NHS_LOGO_PATH} />
            </svg>
            <span className="nhsuk-header__service-name">{t("service.name")}</span>
          </AppLink>
        </div>
        <nav className="nhsuk-header__account" aria-label={t("nav.account")}>
          <ul className="nhsuk-header__account-list">
            <li className="nhsuk-header__account-item">
              <a
                className="nhsuk-header__account-link"
                href={`/language?to=${otherLanguage}&returnTo=${encodeURIComponent(returnTo)}`}
                lang={otherLanguage}
                hrefLang={otherLanguage}
                aria-label={t("service.languageSwitchLabel")}
              >
                {t("service.languageSwitch")}
              </a>
            </li>
            {user ? (
              <>
                <li className="nhsuk-header__account-item">
                  <AppLink className="nhsuk-header__account-link" to="/account">
                    {user.name}
                  </AppLink>
                </li>
                <li className="nhsuk-header__account-item">
                  <form className="nhsuk-header__account-form" action="/sign-out" method="post">
                    <button className="nhsuk-header__account-button" type="submit">
                      {t("nav.signOut")}
                    </button>
                  </form>
                </li>
              </>
            ) : (
              <li className="nhsuk-header__account-item">
                <AppLink className="nhsuk-header__account-link" to="/sign-in">
                  {t("nav.signIn")}
                </AppLink>
              </li>
            )}
          </ul>
        </nav>
      </div>
      {user ? <Navigation user={user} pathname={location.pathname} /> : null}
    </header>
  );
}

/** Shown on every page while the demo organisations and accounts are in the database. */
export function DemoBanner() {
  const { t } = useTranslation();
  return (
    <div className="app-demo-banner" role="region" aria-label={t("demo.label")}>
      <p className="nhsuk-width-container nhsuk-body-s">
        <strong className="nhsuk-tag nhsuk-tag--orange">{t("demo.tag")}</strong> {t("demo.banner")}
      </p>
    </div>
  );
}

export function Footer() {
  const { t } = useTranslation();
  return (
    <footer className="nhsuk-footer" role="contentinfo">
      <div className="nhsuk-width-container">
        <div className="nhsuk-footer__meta">
          <h2 className="nhsuk-u-visually-hidden">{t("service.footerHeading")}</h2>
          <ul className="nhsuk-footer__list">
            <li className="nhsuk-footer__list-item">
              <AppLink className="nhsuk-footer__list-item-link" to="/accessibility">
                {t("service.footer.accessibility")}
              </AppLink>
            </li>
            <li className="nhsuk-footer__list-item">
              <AppLink className="nhsuk-footer__list-item-link" to="/verify">
                {t("service.footer.verify")}
              </AppLink>
            </li>
            <li className="nhsuk-footer__list-item">
              <AppLink className="nhsuk-footer__list-item-link" to="/privacy">
                {t("service.footer.privacy")}
              </AppLink>
            </li>
          </ul>
          <p className="nhsuk-body-s">{t("service.copyright")}</p>
        </div>
      </div>
    </footer>
  );
}
