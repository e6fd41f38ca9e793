"""A printable, self-contained HTML report (no network: styles and the one script are inline).

The summary comes first, then one section per decision with the policy quote, ✓ ✗ ? marks and
``<details>`` folding (failed and unknown conditions open, what held folded); printing opens
every fold. ``render_html(report, lang)`` is what ``evaluate --format html`` prints and what the
HTTP service returns.
"""

from __future__ import annotations

from html import escape

from . import contract as c
from .convert import as_report_model
from .decision import Outcome, Verdict
from .decision import Report as EngineReport
from .text import money, ordered, ordered_decisions, pick, refusal_reason
from .words import check_lang, phrases

_CSS = """
:root { --ok: #1a7f37; --no: #b42318; --unk: #b54708; --ink: #1f2328; --muted: #59636e; }
* { box-sizing: border-box; }
body { font: 15px/1.55 "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", system-ui,
       sans-serif; color: var(--ink); max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; border-bottom: 2px solid #d0d7de; padding-bottom: .2rem;
     margin-top: 1.5rem; }
h3 { font-size: 1.05rem; margin: 0 0 .4rem; }
.meta, .rule-id, .path { color: var(--muted); font-size: .85rem; }
.summary { background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 6px;
           padding: .5rem 1rem; }
.summary h2 { border: 0; margin-top: .5rem; }
.summary h4 { margin: .8rem 0 .2rem; font-size: .95rem; }
.summary ul { margin: .2rem 0; padding-left: 1.2rem; }
.summary > ul > li { list-style: none; margin-left: -1.2rem; }
.summary > ul > li > ul { padding-left: 2.6rem; }
.total { font-size: 1.15rem; font-weight: 700; }
.decision { border: 1px solid #d0d7de; border-left: 6px solid #d0d7de; border-radius: 6px;
            padding: .6rem 1rem; margin: 1rem 0; break-inside: avoid-page; }
.decision.positive { border-left-color: var(--ok); }
.decision.negative { border-left-color: var(--no); }
.decision.undecided { border-left-color: var(--unk); }
.mark { display: inline-block; width: 1.2em; font-weight: 700; text-align: center; }
.met > .mark, .mark.met { color: var(--ok); }
.not_met > .mark, .mark.not_met { color: var(--no); }
.unknown > .mark, .mark.unknown { color: var(--unk); }
.outcome { font-weight: 600; }
blockquote { margin: .4rem 0; padding: .2rem .8rem; border-left: 3px solid #d0d7de;
             color: #424a53; font-family: "Noto Serif CJK SC", serif; }
ul.conds { list-style: none; padding-left: .4rem; margin: .2rem 0; }
ul.conds ul.conds { padding-left: 1.4rem; }
details > summary { cursor: pointer; }
.statement { color: #24292f; }
.question { color: var(--unk); }
.note { color: var(--muted); font-size: .9rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  .summary { background: none; }
  .decision { break-inside: avoid; }
  details > summary { list-style: none; }
  .no-print { display: none; }
}
"""

# Printing shows every fold: <details> closed on screen are opened before the page is printed.
_SCRIPT = (
    "window.addEventListener('beforeprint',function(){"
    "document.querySelectorAll('details').forEach(function(d){d.open=true;});});"
)


def _e(text: str) -> str:
    return escape(text, quote=True)


def _mark(verdict: Verdict) -> str:
    return f'<span class="mark {verdict.value}">{phrases.MARK[verdict]}</span>'


def _decision_mark(outcome: Outcome) -> tuple[str, str]:
    """The mark and css class of an outcome."""
    if outcome.positive:
        return '<span class="mark met">✓</span>', "positive"
    if outcome is Outcome.unknown:
        return '<span class="mark unknown">?</span>', "undecided"
    if outcome is Outcome.not_applicable:
        return '<span class="mark">–</span>', "not-applicable"
    return '<span class="mark not_met">✗</span>', "negative"


class _Writer:
    def __init__(self, report: c.Report, lang: str) -> None:
        self.r = report
        self.lang = lang
        self.h = phrases.HEAD[lang]

    def t(self, text: c.Text | None) -> str:
        return _e(pick(text, self.lang))

    def title(self, x: c.SummaryLine | c.Decision | c.DatedLine) -> str:
        sep = "" if self.lang == "zh" else " "
        return f"{_e(phrases.clause_label(x.clause, self.lang))}{sep}{self.t(x.title)}"

    # -- summary ---------------------------------------------------------------------------
    def summary(self) -> str:
        h, s = self.h, self.r.summary
        by_id = {(d.rule_id, d.subject): d for d in self.r.decisions}
        out = [f'<section class="summary" id="summary"><h2>{_e(h["summary"])}</h2>']
        if s.cash:
            total = h["cash"].format(total=money(s.cash_total))
            out.append(f'<p class="total">{_e(total)}</p><ul>')
            for line in s.cash:
                who = self._who(line.subject_label, line.subject)
                amount = money(line.amount) if line.amount is not None else ""
                out.append(f"<li>{_mark(Verdict.met)} {self.title(line)}{who} "
                           f"<strong>{amount}</strong></li>")
            out.append("</ul>")
        else:
            out.append(f'<p class="total">{_e(h["no_cash"])}</p>')
        if s.ceilings:
            out.append(f"<h4>{_e(h['ceilings'])}</h4><ul>")
            for line in s.ceilings:
                amount = money(line.amount) if line.amount is not None else ""
                out.append(f"<li>{_mark(Verdict.met)} {self.title(line)}"
                           f"{self._who(line.subject_label, line.subject)} "
                           f"<strong>{_e(h['max'])} {amount}</strong></li>")
            out.append("</ul>")
        if s.other_positive:
            out.append(f"<h4>{_e(h['other_positive'])}</h4><ul>")
            out += [f"<li>{_mark(Verdict.met)} {self.title(x)}"
                    f"{self._who(x.subject_label, x.subject)}</li>" for x in s.other_positive]
            out.append("</ul>")
        if s.upcoming:
            out.append(f"<h4>{_e(h['upcoming'])}</h4><ul>")
            for u in s.upcoming:
                who = _e(h["for"].format(who=pick(u.who, self.lang))) if u.who else ""
                out.append(f"<li><strong>{u.date.isoformat()}</strong> {self.title(u)}{who}</li>")
            out.append("</ul>")
        if s.undecided:
            out.append(f"<h4>{_e(h['undecided'].format(n=len(s.undecided)))}</h4><ul>")
            for line in s.undecided:
                d = by_id.get((line.rule_id, line.subject))
                qs = "".join(f'<li class="question">{self.t(q.question)}</li>'
                             for q in (d.questions if d else []))
                out.append(f"<li>{_mark(Verdict.unknown)} {self.title(line)}"
                           f"{self._who(line.subject_label, line.subject)}"
                           + (f"<ul>{qs}</ul>" if qs else "") + "</li>")
            out.append("</ul>")
        if s.pending:
            out.append(f"<h4>{_e(h['pending'])}</h4><ul>")
            out += [f'<li><code>{_e(p.id)}</code> <span class="note">{self.t(p.note)}</span></li>'
                    for p in s.pending]
            out.append("</ul>")
        if s.refused:
            out.append(f"<h4>{_e(h['refused'].format(n=len(s.refused)))}</h4><ul>")
            for line in s.refused:
                d = by_id.get((line.rule_id, line.subject))
                reason = _e(refusal_reason(d, self.lang)) if d else ""
                out.append(f"<li>{_mark(Verdict.not_met)} {self.title(line)}"
                           f"{self._who(line.subject_label, line.subject)}"
                           + (f' — <span class="note">{reason}</span>' if reason else "")
                           + "</li>")
            out.append("</ul>")
        if s.not_applicable:
            out.append(f'<p class="note">{_e(h["not_applicable"].format(n=s.not_applicable))}</p>')
        out.append("</section>")
        return "\n".join(out)

    def _who(self, label: c.Text | None, subject: str) -> str:
        if subject == "applicant" or label is None:
            return ""
        return _e(self.h["for"].format(who=pick(label, self.lang)))

    # -- details ---------------------------------------------------------------------------
    def condition(self, cond: c.Condition) -> str:
        statement = pick(cond.statement, self.lang) or phrases.VERDICT[self.lang][cond.verdict]
        label_at = phrases.CONDITION_LINE[self.lang].index("{facts}")
        joiner = phrases.CONDITION_LINE[self.lang][len("{label}"):label_at]
        head = (f"{_mark(cond.verdict)} {self.t(cond.label)}{_e(joiner)}"
                f'<span class="statement">{_e(statement)}</span>')
        if not cond.derived:
            return f'<li class="{cond.verdict.value}">{head}</li>'
        inner = "".join(self.category(x) for x in cond.derived)
        is_open = " open" if cond.verdict is not Verdict.met else ""
        return (f'<li class="{cond.verdict.value}"><details{is_open}><summary>{head}</summary>'
                f'<ul class="conds">{inner}</ul></details></li>')

    def category(self, x: c.Category) -> str:
        who = pick(x.subject_label, self.lang) or ("" if x.subject == "applicant" else x.subject)
        conds = "".join(self.condition(k) for k in ordered(x.conditions))
        head = phrases.CATEGORY_LINE[self.lang].format(
            who=who, title=pick(x.title, self.lang),
            clause=phrases.clause_label(x.clause, self.lang),
            verdict=phrases.VERDICT[self.lang][x.verdict])
        return (f'<li class="{x.verdict.value}">{_mark(x.verdict)} {_e(head.strip())}'
                f'<ul class="conds">{conds}</ul></li>')

    def item(self, i: c.Item) -> str:
        h = self.h
        name = pick(i.label, self.lang) or i.path
        amount = f" {money(i.amount)}" if i.amount is not None else ""
        when = ""
        if i.eligible_from is not None and i.verdict is not Verdict.met:
            when = " — " + _e(h["item_from"].format(date=i.eligible_from.isoformat()))
        conds = "".join(self.condition(k) for k in ordered(i.conditions) if k.id != "amount")
        is_open = " open" if i.verdict is not Verdict.met else ""
        return (f'<li class="{i.verdict.value}"><details{is_open}><summary>{_mark(i.verdict)} '
                f"<strong>{_e(name)}</strong>{_e(h['sep'])}"
                f"{_e(phrases.VERDICT[self.lang][i.verdict])}{amount}{when} "
                f'<span class="path">{_e(i.path)}</span></summary>'
                f'<ul class="conds">{conds}</ul></details></li>')

    def decision(self, d: c.Decision) -> str:
        h, lang = self.h, self.lang
        mark, css = _decision_mark(d.outcome)
        outcome = phrases.OUTCOME[lang][d.outcome]
        if d.amount is not None:
            prefix = f"{h['max']} " if d.amount_is_maximum else ""
            outcome += ("，" if lang == "zh" else ", ") + f"{h['amount']} {prefix}{money(d.amount)}"
        elif d.amount_reason is not None and d.outcome.positive:
            outcome += ("，" if lang == "zh" else "; ") + pick(d.amount_reason, lang)
        out = [
            f'<article class="decision {css}" id="{_e(d.rule_id)}-{_e(d.subject)}">',
            f'<h3>{mark} {self.title(d)} <span class="rule-id">[{_e(d.rule_id)}]</span></h3>',
        ]
        if d.subject != "applicant":
            out.append(f"<p>{_e(h['subject'])}{_e(h['sep'])}"
                       f"{_e(pick(d.subject_label, lang) or d.subject)}</p>")
        out.append(f'<p class="outcome">{_e(h["decision"])}{_e(h["sep"])}{_e(outcome)}</p>')
        if d.amount_trace is not None and d.amount_trace.statement is not None:
            out.append(f"<p>{_e(h['computed'])}{_e(h['sep'])}{self.t(d.amount_trace.statement)}</p>")
        if d.eligible_from is not None:
            out.append(f"<p>{_e(h['from'])}{_e(h['sep'])}"
                       f"<strong>{d.eligible_from.isoformat()}</strong></p>")
        if d.questions:
            qs = "".join(f'<li class="question">{self.t(q.question)}</li>' for q in d.questions)
            out.append(f"<p>{_e(h['questions'])}{_e(h['sep'])}</p><ul>{qs}</ul>")
        if d.pending:
            ps = "".join(f"<li><code>{_e(p.id)}</code></li>" for p in d.pending)
            out.append(f"<p>{_e(h['pending'])}{_e(h['sep'])}</p><ul>{ps}</ul>")
        out.append(f"<blockquote>{_e(d.quote)}</blockquote>")
        open_conds = [k for k in ordered([*d.scope, *d.trace]) if k.verdict is not Verdict.met]
        held = [k for k in [*d.scope, *d.trace] if k.verdict is Verdict.met]
        if open_conds:
            out.append('<ul class="conds">' + "".join(self.condition(k) for k in open_conds)
                       + "</ul>")
        if held:
            out.append(f"<details><summary>{_e(h['held'])} ({len(held)})</summary>"
                       '<ul class="conds">' + "".join(self.condition(k) for k in held)
                       + "</ul></details>")
        if d.items:
            items = sorted(d.items, key=lambda i: {Verdict.not_met: 0, Verdict.unknown: 1,
                                                   Verdict.met: 2}[i.verdict])
            out.append(f"<p>{_e(h['items'])}{_e(h['sep'])}</p>"
                       '<ul class="conds">' + "".join(self.item(i) for i in items) + "</ul>")
        for note in d.notes:
            out.append(f'<p class="note">{_e(h["note"])}{_e(h["sep"])}{self.t(note)}</p>')
        out.append("</article>")
        return "\n".join(out)

    def page(self) -> str:
        h, a = self.h, self.r.audit
        who = pick(self.r.applicant, self.lang) or (self.r.case_id or "")
        meta = (f"{h['case']} {self.r.case_id or '-'} · {h['as_of']} {a.as_of.isoformat()} · "
                f"{h['ruleset']} {a.ruleset_version} · zyjob-rules {a.library_version} "
                f"({a.backend})")
        body = [f"<header><h1>{_e(who)}</h1><p class=\"meta\">{_e(meta)}</p></header>"]
        if not self.r.decisions:
            body.append(f"<p>{_e(h['no_decisions'])}</p>")
        else:
            body.append(self.summary())
            body.append(f"<section id=\"details\"><h2>{_e(h['details'])}</h2>")
            body += [self.decision(d) for d in ordered_decisions(self.r.decisions)]
            body.append("</section>")
        html_lang = "zh-CN" if self.lang == "zh" else "en"
        return (
            f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(who)} — {_e(h['summary'])}</title>\n<style>{_CSS}</style>\n"
            f"<script>{_SCRIPT}</script>\n</head>\n<body>\n" + "\n".join(body)
            + "\n</body>\n</html>\n"
        )


def render_html(report: c.Report | EngineReport, lang: str = "zh") -> str:
    """The whole report as one self-contained, printable HTML page in ``lang``."""
    return _Writer(as_report_model(report), check_lang(lang)).page()
