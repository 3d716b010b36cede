// The Interpolation view's anywidget module: the traits the view reads, each with its codec,
// mounted over the framework-free InterpolationView (view.js) by ../shared/mount.js.

import { decodeArray } from "../shared/arrays.js";
import { plain, widget } from "../shared/mount.js";
import { InterpolationView } from "./view.js";
import "../shared/base.css";
import "./styles.css";

export const TRAITS = {
  anchor_names: plain,
  method: plain,
  steps: plain,
  frames: decodeArray,
  path: decodeArray,
  smoothness: decodeArray,
  smoothness_threshold: plain,
  current: plain,
  playing: plain,
  picking: plain,
  linked: plain,
  status: plain,
  axis_names: plain,
  axis_ranges: plain,
  axis_variances: plain,
  axis_shares: plain,
  axis_order: plain,
  traverse_origin: plain,
  class_names: plain,
};

export default widget(InterpolationView, TRAITS);
