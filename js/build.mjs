// Bundles each widget's view into one ES module under latent_widgets/static/.
// Run with `npm run build`; the Python build hook calls the same script.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const views = ["explorer", "persistence", "interpolation"];

await build({
  entryPoints: Object.fromEntries(
    views.map((name) => [name, path.join(here, "src", name, "index.js")]),
  ),
  outdir: path.join(here, "..", "latent_widgets", "static"),
  bundle: true,
  format: "esm",
  target: "es2020",
  minify: process.env.NODE_ENV !== "development",
  sourcemap: process.env.NODE_ENV === "development" ? "inline" : false,
  logLevel: "info",
});
