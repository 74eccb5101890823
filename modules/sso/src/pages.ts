/**
 * The few pages single sign-on shows a person: the consent page, the sign-out question,
 * the signed-out notice and errors. Plain server-rendered HTML in zh-CN with one external
 * stylesheet and no script, so they work by keyboard, with a screen reader, on a phone
 * and under a strict Content-Security-Policy.
 */
export const STYLESHEET_PATH = '/oidc/assets/sso.css';

export const STYLESHEET = `
*,*::before,*::after{box-sizing:border-box}
html{font-size:100%;-webkit-text-size-adjust:100%}
body{margin:0;background:#f2f4f7;color:#1f2329;font-family:"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC",system-ui,sans-serif;line-height:1.6}
main{max-width:32rem;margin:0 auto;padding:1.5rem 1rem 3rem}
.card{background:#fff;border:1px solid #dfe3e8;border-radius:.5rem;padding:1.5rem}
.brand{margin:0 0 1rem;font-size:.95rem;color:#4e5969}
h1{font-size:1.35rem;line-height:1.4;margin:0 0 .75rem}
h2{font-size:1rem;margin:1.25rem 0 .5rem}
p{margin:.5rem 0}
.muted{color:#4e5969;font-size:.9rem}
ul.claims{list-style:none;margin:0;padding:0;border-top:1px solid #eef0f3}
ul.claims li{padding:.6rem 0;border-bottom:1px solid #eef0f3}
ul.claims li span{display:block;color:#4e5969;font-size:.85rem}
.actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.5rem}
button{flex:1 1 10rem;min-height:2.75rem;font:inherit;font-size:1rem;border-radius:.375rem;border:1px solid #1d5fbf;padding:.5rem 1rem;cursor:pointer}
button.primary{background:#1d5fbf;color:#fff}
button.secondary{background:#fff;color:#1d5fbf}
button:hover{filter:brightness(.95)}
button:focus-visible,a:focus-visible{outline:3px solid #f7ba1e;outline-offset:2px}
a{color:#1d5fbf}
.error{border-left:4px solid #cb2634;padding-left:.75rem}
code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem;word-break:break-all}
@media (max-width:30rem){main{padding:1rem .5rem}.card{padding:1rem}}
@media (prefers-color-scheme:dark){body{background:#17181a;color:#e8eaed}.card{background:#222326;border-color:#3a3b3f}.brand,.muted,ul.claims li span{color:#a9adb3}ul.claims,ul.claims li{border-color:#3a3b3f}button.secondary{background:transparent;color:#8ab4f8;border-color:#8ab4f8}button.primary{background:#3b7be0;border-color:#3b7be0}a{color:#8ab4f8}}
`.trim();

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
/** Escapes text for HTML element content and double-quoted attributes. */
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(title)} · 苏服办统一身份认证</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<main>
<p class="brand">苏服办 · 统一身份认证</p>
<div class="card">
${body}
</div>
</main>
</body>
</html>`;
}

export type ConsentItem = { label: string; note?: string | undefined };

export function consentPage(v: {
  clientName: string;
  departmentName: string | null;
  accountName: string;
  action: string;
  csrfToken: string;
  claims: ConsentItem[];
  apiScopes: ConsentItem[];
  offlineAccess: boolean;
}): string {
  const list = (items: ConsentItem[]) =>
    `<ul class="claims">${items
      .map((i) => `<li>${esc(i.label)}${i.note ? `<span>${esc(i.note)}</span>` : ''}</li>`)
      .join('')}</ul>`;
  const dept = v.departmentName ? `（${esc(v.departmentName)}）` : '';
  return layout(
    '授权确认',
    `<h1 id="consent-title">“${esc(v.clientName)}”${dept}申请使用您的苏服办账号登录</h1>
<p>当前登录账号：<strong>${esc(v.accountName)}</strong></p>
<section aria-labelledby="claims-title">
<h2 id="claims-title">将向该系统提供以下信息</h2>
${list(v.claims)}
</section>
${
  v.apiScopes.length
    ? `<section aria-labelledby="api-title"><h2 id="api-title">并允许该系统以您的身份</h2>${list(v.apiScopes)}</section>`
    : ''
}
${v.offlineAccess ? '<p class="muted">您离开后，该系统在授权有效期内仍可继续访问上述信息。</p>' : ''}
<p class="muted">用户标识仅在该部门的系统内有效，不同部门无法据此关联您的信息。每次使用均有记录，可在苏服办“我的数据被谁使用”中查看。</p>
<form method="post" action="${esc(v.action)}" aria-labelledby="consent-title">
<input type="hidden" name="csrf" value="${esc(v.csrfToken)}">
<div class="actions">
<button type="submit" name="decision" value="allow" class="primary">同意并继续</button>
<button type="submit" name="decision" value="deny" class="secondary">拒绝</button>
</div>
</form>`,
  );
}

export function errorPage(v: { title: string; message: string; code?: string | undefined }): string {
  return layout(
    v.title,
    `<div class="error" role="alert">
<h1>${esc(v.title)}</h1>
<p>${esc(v.message)}</p>
${v.code ? `<p class="muted">错误代码：<code>${esc(v.code)}</code></p>` : ''}
</div>
<p><a href="/">返回苏服办首页</a></p>`,
  );
}

/** The sign-out question of RP-initiated logout; `form` is oidc-provider's hidden form. */
export function logoutPage(v: { form: string; clientName: string | null }): string {
  const only = v.clientName ? `否，仅退出“${esc(v.clientName)}”` : '否，保持登录';
  return layout(
    '退出登录',
    `<h1 id="logout-title">是否同时退出苏服办统一身份认证？</h1>
<p>选择“全部退出”后，您通过统一身份认证登录的各部门系统也将一并退出。</p>
${v.form}
<div class="actions">
<button type="submit" form="op.logoutForm" name="logout" value="yes" class="primary" autofocus>是，全部退出</button>
<button type="submit" form="op.logoutForm" class="secondary">${only}</button>
</div>`,
  );
}

export function loggedOutPage(v: { clientName: string | null }): string {
  return layout(
    '已退出',
    `<h1>您已安全退出</h1>
<p>${v.clientName ? `已退出“${esc(v.clientName)}”。` : ''}如在公共设备上使用，请关闭浏览器。</p>
<p><a href="/">返回苏服办首页</a></p>`,
  );
}
