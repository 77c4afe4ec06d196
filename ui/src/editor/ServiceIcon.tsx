// A service preset's icon: our own line drawing, SVG path data on a 24 × 24 grid sent with the
// catalog (`lens/catalog/presets.toml`, checked there to hold only path commands and numbers),
// drawn like the lucide kind icons beside it.
import type { Catalog } from "./api";

export function ServiceIcon({ catalog, icon, size = 18 }: { catalog: Catalog; icon: string; size?: number }) {
  const paths = catalog.service_icons.find((i) => i.id === icon)?.paths ?? [];
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      data-icon={icon}
    >
      {paths.map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}
