/* The caseworker page: a case form drawn from the case model's description (#form-spec, made by
   zyjob_rules/service/case_form.py), or a pasted / uploaded case JSON; the report from
   /v1/evaluate as the explain package's HTML, the questions to ask as a checklist; printing.
   Plain JavaScript, no library, nothing loaded from elsewhere. */
(function () {
  'use strict';
  var spec = JSON.parse(document.getElementById('form-spec').textContent);
  var VISIBLE = 8; // scalar fields shown before the fold "更多项目"
  var root = null; // the form's root widget: {node, get()}
  var mode = 'form';

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(c); });
    return node;
  }

  function given(v) { return v !== undefined && v !== null; }

  function option(value, label, selected) {
    var o = el('option', { value: value, text: label });
    o.selected = selected;
    return o;
  }

  // -- scalar widgets: each returns {node, get}; get() is undefined for "not given" ----------
  function scalar(f, v, path) {
    var input;
    var start = given(v) ? v : f.default;
    if (f.widget === 'bool') {
      input = el('select', { name: path });
      if (f.nullable || !given(f.default)) input.appendChild(option('', '未填（未知）', !given(start)));
      input.appendChild(option('true', '是', start === true));
      input.appendChild(option('false', '否', start === false));
    } else if (f.widget === 'enum') {
      input = el('select', { name: path });
      input.appendChild(option('', f.required ? '请选择' : '未填', !given(start)));
      f.options.forEach(function (o) { input.appendChild(option(o[0], o[1], o[0] === start)); });
    } else {
      var type = { date: 'date', int: 'number' }[f.widget] || 'text';
      input = el('input', { name: path, type: type, step: f.widget === 'int' ? '1' : null, min: f.min,
        inputmode: f.widget === 'money' ? 'decimal' : null,
        placeholder: f.widget === 'money' ? '元，如 1000.00' : null });
      if (given(start)) input.value = String(start);
    }
    input.dataset.path = path;
    var label = el('label', { class: 'field', title: f.en }, [
      el('span', { text: f.label + (f.required ? ' *' : '') }), input]);
    // A value the widget cannot hold (a date 2018-13-01, "yes" for a yes/no) is reported, not dropped.
    var lost = given(v) && input.value !== String(v);
    return {
      node: label,
      unknown: lost ? [path] : [],
      get: function () {
        var raw = input.value.trim();
        if (raw === '') return undefined;
        if (f.widget === 'bool') return raw === 'true';
        if (f.widget === 'int') return /^-?\d+$/.test(raw) ? parseInt(raw, 10) : raw; // the server names a bad one
        return raw;
      }
    };
  }

  // -- a model: scalars in a grid (the first few shown, the rest folded), then nested parts --
  function model(name, value, path) {
    var m = spec.models[name];
    value = value || {};
    var parts = [];
    var grid = el('div', { class: 'grid' });
    var moreGrid = el('div', { class: 'grid' });
    var more = el('details', { class: 'more' });
    var nested = el('div', { class: 'nested' });
    var shown = 0, folded = 0, foldedGiven = false;
    var unknown = Object.keys(value).filter(function (k) {
      return !m.fields.some(function (f) { return f.name === k; });
    }).map(function (k) { return (path ? path + '.' : '') + k; });
    m.fields.forEach(function (f) {
      var p = path ? path + '.' + f.name : f.name;
      var w = widget(f, value[f.name], p);
      parts.push([f.name, w]);
      unknown = unknown.concat(w.unknown || []);
      if (!w.node) return;
      if (f.widget === 'object' || f.widget === 'list' || f.widget === 'union') nested.appendChild(w.node);
      else if (f.required || shown < VISIBLE) { grid.appendChild(w.node); shown += 1; }
      else { moreGrid.appendChild(w.node); folded += 1; foldedGiven = foldedGiven || given(value[f.name]); }
    });
    more.appendChild(el('summary', { text: '更多项目（' + folded + ' 项，可选）' }));
    more.appendChild(moreGrid);
    more.open = foldedGiven;
    var box = el('div', { class: 'model' }, [grid, folded ? more : null, nested]);
    return {
      node: box,
      unknown: unknown,
      get: function () {
        var out = {};
        parts.forEach(function (p) { var x = p[1].get(); if (x !== undefined) out[p[0]] = x; });
        return out;
      }
    };
  }

  function widget(f, v, path) {
    if (f.widget === 'const') return { node: null, get: function () { return f.value; } };
    if (f.widget === 'object') {
      var inner = model(f.of, v, path);
      var set = el('fieldset', { class: 'object', title: f.en }, [
        el('legend', { text: f.label + (f.required ? ' *' : '') }), inner.node]);
      return { node: set, get: inner.get, unknown: inner.unknown };
    }
    if (f.widget === 'list') return list(f, Array.isArray(v) ? v : [], path);
    if (f.widget === 'union') return union(f, v, path);
    return scalar(f, v, path);
  }

  // -- repeatable items: add and remove (the items are drawn again so paths stay in order) --
  function list(f, values, path) {
    var items = [];
    var body = el('div', { class: 'items' });
    var add = el('button', { type: 'button', class: 'add', 'data-list': path, text: '＋ 添加' + f.label });
    var set = el('fieldset', { class: 'list', title: f.en }, [el('legend', { text: f.label }), body, add]);
    var unknown = [];

    function draw(vals) {
      body.textContent = '';
      items = vals.map(function (v, i) {
        var p = path + '[' + i + ']';
        var w = model(f.of, v, p);
        unknown = unknown.concat(w.unknown);
        var remove = el('button', { type: 'button', class: 'remove', 'data-item': p, text: '删除' });
        remove.addEventListener('click', function () {
          var now = items.map(function (x) { return x.get(); });
          now.splice(i, 1);
          draw(now);
        });
        body.appendChild(el('fieldset', { class: 'item', 'data-item': p }, [
          el('legend', { text: f.label + ' ' + (i + 1) }), remove, w.node]));
        return w;
      });
    }
    add.addEventListener('click', function () {
      var now = items.map(function (x) { return x.get(); });
      now.push({});
      draw(now);
      body.lastChild.querySelector('input, select').focus();
    });
    draw(values);
    return {
      node: set,
      unknown: unknown,
      get: function () {
        var out = items.map(function (x) { return x.get(); });
        return out.length ? out : undefined;
      }
    };
  }

  // -- the applicant: person, household or organisation --------------------------------------
  function union(f, v, path) {
    var current = null;
    var holder = el('div', { class: 'union-body' });
    var kindOf = given(v) && v[f.tag] ? v[f.tag] : f.choices[0].value;
    var radios = f.choices.map(function (c) {
      var r = el('input', { type: 'radio', name: path + '.' + f.tag, value: c.value });
      r.checked = c.value === kindOf;
      r.addEventListener('change', function () { draw(c.value, undefined); });
      return el('label', { class: 'kind', title: c.en }, [r, document.createTextNode(' ' + c.label)]);
    });
    function draw(kind, value) {
      var choice = f.choices.filter(function (c) { return c.value === kind; })[0];
      current = model(choice.of, value, path);
      holder.textContent = '';
      holder.appendChild(current.node);
    }
    var badKind = !f.choices.some(function (c) { return c.value === kindOf; });
    if (badKind) kindOf = f.choices[0].value;
    draw(kindOf, badKind ? undefined : v);
    var set = el('fieldset', { class: 'union', title: f.en }, [
      el('legend', { text: f.label + '类型 *' }), el('div', { class: 'kinds' }, radios), holder]);
    return { node: set, unknown: badKind ? [path + '.' + f.tag] : current.unknown,
      get: function () { return current.get(); } };
  }

  function drawForm(value) {
    root = model(spec.root, value, '');
    $('form-root').textContent = '';
    $('form-root').appendChild(root.node);
    return root.unknown;
  }

  // -- modes ------------------------------------------------------------------------------------
  function setMode(m) {
    mode = m;
    $('case-form').hidden = m !== 'form';
    $('json-pane').hidden = m !== 'json';
    $('tab-form').setAttribute('aria-selected', String(m === 'form'));
    $('tab-json').setAttribute('aria-selected', String(m === 'json'));
  }

  function say(text, kind) {
    $('status').textContent = text;
    $('status').className = kind || '';
  }

  function jsonToForm() {
    var value;
    try { value = JSON.parse($('case-json').value); } catch (e) { say('不是有效的 JSON：' + e.message, 'error'); return; }
    if (!value || typeof value !== 'object' || Array.isArray(value)) { say('案件须为一个 JSON 对象', 'error'); return; }
    var unknown = drawForm(value);
    setMode('form');
    if (unknown.length) say('以下字段未能载入表单（表单中没有此字段或取值无效，请在 JSON 中改正；直接提交 JSON 时服务会逐一说明）：' + unknown.join('、'), 'error');
    else say('已载入到表单。', '');
  }

  // -- submitting and showing the report ------------------------------------------------------
  function caseBody() {
    return mode === 'json' ? $('case-json').value : JSON.stringify(root.get());
  }

  function headers(extra) {
    var h = { 'Content-Type': 'application/json' };
    var token = $('token').value.trim();
    if (token) h.Authorization = 'Bearer ' + token;
    return Object.assign(h, extra || {});
  }

  function showProblems(body, status) {
    var list = $('problems');
    list.textContent = '';
    document.querySelectorAll('.invalid').forEach(function (n) { n.classList.remove('invalid'); });
    var err = body && body.error;
    if (!err) { say('请求失败（HTTP ' + status + '）', 'error'); return; }
    say(err.message.zh + (err.error_id ? '（错误编号 ' + err.error_id + '）' : ''), 'error');
    (err.problems || []).forEach(function (p) {
      list.appendChild(el('li', {}, [el('code', { text: p.path }), document.createTextNode(' ' + p.message.zh)]));
      var field = document.querySelector('[data-path="' + p.path.replace(/"/g, '') + '"]');
      if (field) field.classList.add('invalid');
    });
  }

  function showChecklist(report, lang) {
    var ul = $('questions');
    ul.textContent = '';
    var qs = report.summary.questions || [];
    if (!qs.length) ul.appendChild(el('li', { class: 'none', text: '无：已有信息足以作出全部判定。' }));
    qs.forEach(function (q, i) {
      var box = el('input', { type: 'checkbox', id: 'q' + i });
      ul.appendChild(el('li', {}, [box, el('label', { for: 'q' + i }, [
        el('span', { class: 'q', text: q.question[lang] }), document.createTextNode(' '),
        el('span', { class: 'rules', text: '（' + q.rules.join('、') + '）' })])]));
    });
  }

  function showReport(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var style = $('report-style') || document.head.appendChild(el('style', { id: 'report-style' }));
    style.textContent = Array.prototype.map.call(doc.querySelectorAll('style'), function (s) { return s.textContent; }).join('\n');
    var target = $('report');
    target.textContent = '';
    Array.prototype.forEach.call(doc.body.childNodes, function (n) {
      if (n.nodeName !== 'SCRIPT') target.appendChild(document.importNode(n, true));
    });
  }

  async function submit() {
    var lang = $('lang').value;
    var body = caseBody();
    $('problems').textContent = '';
    say('正在判定…', '');
    $('submit').disabled = true;
    try {
      var r = await fetch('/v1/evaluate?format=json&lang=' + lang, { method: 'POST', headers: headers(), body: body });
      var data = await r.json().catch(function () { return null; });
      if (!r.ok) { showProblems(data, r.status); return; }
      // The page, decided again under the same rules (409 if they were reloaded in between).
      var version = r.headers.get('X-Ruleset-Version');
      var p = await fetch('/v1/evaluate?format=html&lang=' + lang, {
        method: 'POST', headers: headers({ 'If-Match': '"' + version + '"' }), body: body });
      if (!p.ok) { showProblems(await p.json().catch(function () { return null; }), p.status); return; }
      showReport(await p.text());
      showChecklist(data, lang);
      $('result').hidden = false;
      $('print').disabled = false;
      say('已判定（规则版本 ' + version + '，请求编号 ' + p.headers.get('X-Request-ID') + '）。', 'ok');
      $('result').scrollIntoView();
    } catch (e) {
      say('无法连接服务：' + e.message, 'error');
    } finally {
      $('submit').disabled = false;
    }
  }

  // Printing shows every fold of the report.
  window.addEventListener('beforeprint', function () {
    document.querySelectorAll('#report details').forEach(function (d) { d.open = true; });
  });

  $('tab-form').addEventListener('click', function () { setMode('form'); });
  $('tab-json').addEventListener('click', function () { setMode('json'); });
  $('json-to-form').addEventListener('click', jsonToForm);
  $('form-to-json').addEventListener('click', function () {
    $('case-json').value = JSON.stringify(root.get(), null, 2);
  });
  $('case-file').addEventListener('change', function () {
    var file = this.files[0];
    if (!file) return;
    file.text().then(function (text) { $('case-json').value = text; say('已读取 ' + file.name + '。', ''); });
  });
  $('submit').addEventListener('click', submit);
  $('print').addEventListener('click', function () { window.print(); });
  drawForm({});
  setMode('form');
}());
