// Mirrors what a site owner does: add one <script> tag carrying the channel's public key.
const params = new URLSearchParams(window.location.search)
const key = params.get('key')
const lang = params.get('lang')

if (key) {
  const script = document.createElement('script')
  script.src = '/widget.js'
  script.async = true
  script.dataset.fluxoKey = key
  if (lang) script.dataset.lang = lang
  document.body.appendChild(script)
} else {
  document.getElementById('missing-key')?.removeAttribute('hidden')
}
