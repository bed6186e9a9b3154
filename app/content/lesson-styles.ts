import lessonStyles from "./lesson.css";

/** The lesson components' stylesheet, fingerprinted by the Remix compiler: `links = () => [{ rel: "stylesheet", href: lessonStylesHref }]`. */
export const lessonStylesHref: string = lessonStyles;
