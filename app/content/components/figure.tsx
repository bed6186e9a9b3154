import { registerBlock } from "./blocks";
import { moduleFileUrl, useLesson } from "./lesson-context";

/** An image from the module folder; the check refuses one without alt text. */
export function Figure({ src, alt, caption }: { src: string; alt: string; caption?: string }) {
  const { slug } = useLesson();
  return (
    <figure className="nhsuk-image">
      <img className="nhsuk-image__img" src={moduleFileUrl(slug, src)} alt={alt} />
      {caption ? <figcaption className="nhsuk-image__caption">{caption}</figcaption> : null}
    </figure>
  );
}
registerBlock(Figure);
