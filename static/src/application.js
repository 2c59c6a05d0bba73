// Progressive enhancement for GOV.UK Frontend and MOJ Frontend components. Loaded as a
// module file (never inline, so a strict Content-Security-Policy works); every page also
// works without it. ./dev copies this file next to the two libraries in static/build/.
import { initAll as initGovukFrontend } from './govuk-frontend.min.js'
import { initAll as initMojFrontend } from './moj-frontend.min.js'

// GOV.UK Frontend's template sets these from an inline script; module scripts only run in
// browsers that GOV.UK Frontend supports, so both classes are safe to add here.
document.body.classList.add('js-enabled', 'govuk-frontend-supported')

initGovukFrontend()
initMojFrontend()
