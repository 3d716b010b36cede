// The Persistence view's anywidget module: the traits the view reads, each with its codec,
// mounted over the framework-free PersistenceView (view.js) by ../shared/mount.js.

import { decodeArray } from "../shared/arrays.js";
import { plain, widget } from "../shared/mount.js";
import { PersistenceView } from "./view.js";
import "../shared/base.css";
import "./styles.css";

export const TRAITS = {
  features: decodeArray,
  has_cycle: decodeArray,
  maxdim: plain,
  error_bound: plain,
  selected_feature: plain,
  eps: plain,
  eps_max: plain,
  info: plain,
  status: plain,
  view: plain,
  scopes: plain,
  scope: plain,
  layer_chart: plain,
  map_check: plain,
  map_edges: plain,
};

export default widget(PersistenceView, TRAITS);
