// The page's style sheet, inline in its <style> element (the page loads nothing). Screen first, then
// A4 print: the first page on a sheet of its own, and smaller type so the tables fit the paper.
#include "outputs/report/report_sections.hpp"

namespace civicsim::report::detail {

const char* const kStyle = R"css(
:root { --ink:#1d2430; --muted:#5b6573; --rule:#d8dde4; --band:#f4f6f9; --accent:#0b4f8a; --good:#116b3a; --bad:#a0281e; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 1.5rem 1.5rem 4rem; }
header.page { border-bottom: 3px solid var(--accent); padding-bottom: .6rem; margin-bottom: .8rem; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: .78rem; color: var(--muted); margin: 0; }
h1 { font-size: 1.8rem; line-height: 1.2; margin: .3rem 0 .4rem; }
h2 { font-size: 1.4rem; margin: 2.4rem 0 .6rem; padding-top: .4rem; border-top: 1px solid var(--rule); }
h3 { font-size: 1.08rem; margin: 1.2rem 0 .3rem; }
p { margin: .45rem 0; max-width: 80ch; }
/* A long unbroken string (an address, a file name) breaks rather than widening the page. */
p, li, dd { overflow-wrap: anywhere; }
.question { font-size: 1.1rem; font-weight: 600; max-width: 75ch; margin: .2rem 0; }
.muted, .meta { color: var(--muted); }
.sampling { background: #fff4d6; border-left: 4px solid #b7791f; padding: .45rem .8rem; margin: .6rem 0; max-width: none; }
.lede { margin: .4rem 0; }
nav.toc ol { columns: 2; padding-left: 1.2rem; margin: .4rem 0; }
nav.toc a { color: var(--accent); }
dl.settings { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: .35rem 1.2rem; margin: .8rem 0; }
dl.settings dt { font-weight: 600; }
dl.settings dd { margin: 0; max-width: 80ch; min-width: 0; }
.callout { background: var(--band); border-left: 4px solid var(--accent); padding: .8rem 1rem; margin: 1rem 0; }
ul.findings li { margin: .35rem 0; }
.options { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 1rem; }
article.option { border: 1px solid var(--rule); border-radius: 6px; padding: .6rem 1rem 1rem; border-top: 5px solid var(--swatch, var(--accent)); min-width: 0; }
article.option h3 { margin-top: .4rem; }
details { margin-top: .5rem; }
summary { cursor: pointer; color: var(--accent); font-weight: 600; }
code { font-size: .9em; background: var(--band); padding: 0 .25em; border-radius: 3px; overflow-wrap: anywhere; }
/* Tables fit their column: cells wrap between figures, never inside one. */
.table-wrap { margin: .8rem 0; max-width: 100%; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { padding: .4rem .5rem; border-bottom: 1px solid var(--rule); vertical-align: top; text-align: left; overflow-wrap: break-word; }
thead th { border-bottom: 2px solid var(--ink); vertical-align: bottom; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.mean, .fig, .range { white-space: nowrap; }
.mean.words { white-space: normal; }
.range { display: block; white-space: normal; font-size: .8rem; color: var(--muted); }
tbody tr.group th { background: var(--band); font-size: .78rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
th .explain { display: block; font-weight: normal; font-size: .8rem; color: var(--muted); }
.sub, .line { display: block; font-size: .84rem; }
.sub { color: var(--muted); }
th .scope { font-weight: normal; font-size: .75rem; color: var(--muted); }
tbody tr.arm th { background: var(--band); }
.not-counted ul { margin: .2rem 0 .4rem 1.2rem; padding: 0; font-size: .88rem; }
table.trace td, table.trace th { padding: .25rem .4rem; }
.unit { font-size: .8rem; color: var(--muted); }
.mean { font-weight: 600; }
.good { color: var(--good); } .bad { color: var(--bad); }
.na { color: var(--muted); font-style: italic; }
.suppressed { font-weight: 600; color: var(--muted); border-bottom: 1px dotted var(--muted); cursor: help; }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 2px; margin-right: .35em; vertical-align: baseline; }
figure.chart-block { margin: 1rem 0 1.6rem; }
figure.chart-block figcaption { font-size: .92rem; }
.chart { margin: .4rem 0; max-width: 100%; overflow: hidden; min-height: 60px; }
.caption { font-size: .88rem; color: var(--muted); margin: .2rem 0; }
.caption.coincide { color: var(--ink); background: var(--band); padding: .3rem .6rem; }
.first-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 1rem; }
.box { border: 1px solid var(--rule); border-radius: 6px; padding: .2rem .9rem .5rem; min-width: 0; }
.box h2 { border: 0; margin: .4rem 0 .2rem; font-size: 1.05rem; padding: 0; }
.box p, .box li { font-size: .9rem; margin: .25rem 0; }
.box ul { padding-left: 1.1rem; margin: .2rem 0; }
table.glance th[scope=row] { width: 22%; }
.status-on-frontier, .status-frontier { color: var(--good); font-weight: 600; }
.status-dominated, .status-extendedly-dominated { color: var(--bad); }
ol.sources li, ul.assumptions li { margin: .3rem 0; overflow-wrap: anywhere; }
footer { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: .85rem; }
@page { size: A4; margin: 10mm 11mm; }
@media print {
  html { font-size: 8.5pt; }
  body { font-size: 1rem; line-height: 1.3; }
  main { max-width: none; padding: 0; }
  nav.toc, noscript, summary { display: none; }
  .first-page { break-after: page; }
  .first-page h1 { font-size: 1.6rem; }
  .first-page .question { font-size: 1.05rem; }
  .first-page table { font-size: .85rem; }
  .first-page table.glance th[scope=row] { width: 13%; }
  .first-page .explain { display: none; }
  .first-page .sub, .first-page .line { font-size: .8rem; }
  .first-page th, .first-page td { padding: .15rem .3rem; }
  .first-page .sampling, .first-page .lede { margin: .3rem 0; }
  .first-page figure.chart-block { margin: .2rem 0; }
  .first-page .box h2 { font-size: 1.05rem; }
  .first-page .box p, .first-page .box li { font-size: .75rem; margin: .05rem 0; line-height: 1.2; }
  .first-page .first-grid { gap: .5rem; }
  table { font-size: .92rem; }
  h2 { break-after: avoid; margin-top: 1.2rem; }
  h3 { break-after: avoid; }
  tr, figure.chart-block, .box, article.option { break-inside: avoid; }
}
)css";

}  // namespace civicsim::report::detail
