// Package client is the one outgoing HTTP client for federation: signed
// GETs of ActivityPub documents, WebFinger look-ups, and signed inbox POSTs.
//
// Every request goes through the same guards:
//
//   - Only https URLs, and http when Options.AllowHTTP is set, on the first
//     request and on every redirect ([ErrForbiddenScheme]).
//   - No loopback, private, link-local, CGNAT, multicast, unspecified or
//     otherwise non-public destination unless Options.AllowPrivate is set
//     ([ErrForbiddenAddress]). The check runs on the resolved IP address in
//     the dialer's Control hook, just before each connect, so it holds for
//     every redirect and cannot be bypassed by DNS names that resolve (or
//     re-resolve) to internal addresses. Environment proxies are ignored for
//     the same reason.
//   - Response bodies are capped at Options.MaxBody ([ErrTooLarge]) and whole
//     exchanges at Options.Timeout.
//
// [Client.Fetch] also insists on an ActivityStreams Content-Type and on the
// document's id being on the origin it was finally fetched from
// ([ErrOriginMismatch]), so a server cannot speak for another. Signed GETs
// are signed again, for the new URL, on each redirect. [Client.Post] does not
// follow redirects: a signature covers one inbox.
//
// Non-2xx answers are a [*StatusError], which says whether a delivery is worth
// retrying. A Client is safe for concurrent use and should be shared, so that
// connections are kept alive between requests to the same host.
package client
