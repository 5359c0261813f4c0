// Lives inside the shadow root, so host-page styles cannot reach it and these cannot leak out.
export const widgetCss = `
:host { all: initial; }
* { box-sizing: border-box; }
.root {
  position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1c2030;
}
.bubble {
  position: relative; width: 56px; height: 56px; border: 0; border-radius: 50%; cursor: pointer;
  background: #4f46e5; color: #fff; box-shadow: 0 6px 20px rgb(79 70 229 / 35%);
  display: grid; place-items: center; margin-left: auto;
}
.bubble:hover { background: #4338ca; }
.bubble svg { width: 26px; height: 26px; }
.dot {
  position: absolute; top: 2px; right: 2px; width: 14px; height: 14px; border-radius: 50%;
  background: #e5484d; border: 2px solid #fff;
}
.panel {
  position: absolute; right: 0; bottom: 72px; width: min(360px, calc(100vw - 40px)); height: min(520px, calc(100vh - 120px));
  display: flex; flex-direction: column; background: #fff; border-radius: 16px; overflow: hidden;
  box-shadow: 0 12px 40px rgb(16 24 40 / 22%);
}
.panel[hidden] { display: none; }
.header {
  display: flex; align-items: center; justify-content: space-between; gap: 8px;
  padding: 14px 16px; background: #4f46e5; color: #fff;
}
.title { font-weight: 600; font-size: 15px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.close { border: 0; background: transparent; color: inherit; font-size: 22px; line-height: 1; cursor: pointer; padding: 0 4px; }
.notice { padding: 6px 12px; font-size: 12px; background: #fff7e6; color: #8a5a00; }
.notice[hidden] { display: none; }
.list { flex: 1; overflow-y: auto; margin: 0; padding: 14px; list-style: none; display: flex; flex-direction: column; gap: 6px; background: #f6f7fb; }
.greeting { align-self: center; text-align: center; color: #6b7185; font-size: 13px; padding: 8px; }
.message { max-width: 80%; padding: 8px 12px; border-radius: 14px; white-space: pre-wrap; overflow-wrap: anywhere; }
.message[data-direction="inbound"] { align-self: flex-end; background: #4f46e5; color: #fff; border-bottom-right-radius: 4px; }
.message[data-direction="outbound"] { align-self: flex-start; background: #fff; border-bottom-left-radius: 4px; box-shadow: 0 1px 2px rgb(16 24 40 / 10%); }
.message[data-status="pending"] { opacity: 0.65; }
.message[data-direction="inbound"][data-status="failed"] { background: #fdecec; color: #b42318; cursor: pointer; }
.message[data-hint]::after { content: attr(data-hint); display: block; font-size: 11px; opacity: 0.85; margin-top: 2px; }
.form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e3e6ee; background: #fff; }
.input {
  flex: 1; min-width: 0; font: inherit; color: inherit; padding: 9px 12px; border: 1px solid #e3e6ee; border-radius: 999px; outline: none;
}
.input:focus { border-color: #4f46e5; }
.send {
  font: inherit; font-weight: 600; border: 0; border-radius: 999px; padding: 0 16px; background: #4f46e5; color: #fff; cursor: pointer;
}
.send:disabled { opacity: 0.5; cursor: not-allowed; }
`
