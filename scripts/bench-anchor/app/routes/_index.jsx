import { useLoaderData } from "@remix-run/react";

// The bench sets BENCH_ANCHOR_BYTES so that this page, text plus its copy in the hydration data,
// weighs what our lesson page does.
const size = Number(process.env.BENCH_ANCHOR_BYTES ?? 17_000);
const sentence = "Check who an email is really from before you click a link or open an attachment. ";
const paragraphs = [];
for (let total = 0; total < size;) {
  // Numbered, so no two paragraphs are the same string (single fetch would send a repeat once).
  const text = `${paragraphs.length + 1}. ${sentence.repeat(6)}`.slice(0, Math.max(1, size - total));
  paragraphs.push(text);
  total += text.length;
}

export const meta = () => [{ title: "Anchor page" }];

export function loader() {
  return { title: "Spotting phishing", paragraphs };
}

export default function Index() {
  const { title, paragraphs } = useLoaderData();
  return (
    <main>
      <h1>{title}</h1>
      {paragraphs.map((text, i) => (
        <p key={i}>{text}</p>
      ))}
    </main>
  );
}
