// Package webfinger is how other servers find Gather's actors: WebFinger
// (RFC 7033) answers "who is acct:events@coop.example?", NodeInfo 2.1 says
// which software runs here, and host-meta points older servers at the
// WebFinger endpoint. It also reads other servers' WebFinger answers, with
// no I/O of its own: the caller fetches.
//
// Serving:
//
//	GET /.well-known/webfinger?resource=acct:events@coop.example
//	    ──► Handler ──► ParseResource ──► lookup(ctx, Resource) ──► ActorJRD ──► WriteJRD
//	GET /.well-known/nodeinfo  ──► NodeInfoLinks
//	GET /nodeinfo/2.1          ──► NodeInfo, as NodeInfoContentType
//	GET /.well-known/host-meta ──► HostMeta, as HostMetaContentType
//
// Looking someone up:
//
//	"@alice@gts.test" ──► SplitHandle ──► URL ──► (caller GETs) ──► ParseJRD ──► JRD.ActorURL
//
// It imports only the standard library.
package webfinger
