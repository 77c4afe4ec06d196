// A link to a page of the Generative AI Lens. It is a real anchor (focusable, Enter follows it),
// but the webview never navigates: the page opens in the system browser through the opener
// plugin, whose capability allows https://docs.aws.amazon.com/* only.
import { openUrl } from "@tauri-apps/plugin-opener";
import { useState, type ReactNode } from "react";

type Props = { url: string; className?: string; label?: string; children?: ReactNode };

export function LensLink({ url, className = "why__url", label, children }: Props) {
  const [failure, setFailure] = useState<string | null>(null);
  return (
    <>
      <a
        className={className}
        href={url}
        target="_blank"
        rel="noreferrer noopener"
        aria-label={label}
        title={`Open ${url} in the browser`}
        onClick={(event) => {
          event.preventDefault();
          setFailure(null);
          openUrl(url).catch((error: unknown) => {
            setFailure(`The browser could not be opened: ${String(error)}`);
          });
        }}
      >
        {children ?? url}
      </a>
      {failure && (
        <span className="link-error" role="alert">
          {failure}
        </span>
      )}
    </>
  );
}
