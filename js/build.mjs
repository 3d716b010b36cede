// Bundles each widget's view into one ES module under latent_widgets/static/.
// Run with `npm run build`; the Python build hook calls the same script.
// onnxruntime-web's single-threaded WebAssembly runtime goes next to them: the kernel sends
// it to the page as binary data (latent_widgets/in_page/runtime.py).
import { build } from "esbuild";
import { copyFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const views = ["explorer", "persistence", "interpolation"];
const outdir = path.join(here, "..", "latent_widgets", "static");
const WASM = "ort-wasm-simd-threaded.wasm";

await build({
  entryPoints: Object.fromEntries(
    views.map((name) => [name, path.join(here, "src", name, "index.js")]),
  ),
  outdir,
  bundle: true,
  format: "esm",
  target: "es2020",
  minify: process.env.NODE_ENV !== "development",
  sourcemap: process.env.NODE_ENV === "development" ? "inline" : false,
  logLevel: "info",
});

const require = createRequire(import.meta.url);
copyFileSync(require.resolve(`onnxruntime-web/${WASM}`), path.join(outdir, WASM));

// The host of a file written by to_html() (latent_widgets/widgets/export.py), inlined there.
await build({
  entryPoints: { "static-host": path.join(here, "src", "static", "host.js") },
  outdir,
  bundle: true,
  format: "esm",
  target: "es2020",
  minify: process.env.NODE_ENV !== "development",
  logLevel: "info",
});
