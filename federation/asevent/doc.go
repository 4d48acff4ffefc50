// Package asevent writes Gather's own events as ActivityStreams Events
// (FEP-8a8e, with Mobilizon's and schema.org's terms), the way Mastodon,
// GoToSocial, Mobilizon and Gancio each read them: a gathering or one of
// its sessions becomes an [Event], encoded by [EventJSON], and
// [EventSummary] is the plain-text line the microblogging servers show;
// its RSVP poll is a [Question] (going, maybe, can't go), encoded by
// [QuestionJSON].
//
// It sits on its parent package federation, the vocabulary core (the
// @context, audiences, activities, mentions and hashtags), and is as pure:
// no network, no clock, no storage. The sibling package remoteevent reads
// the Events other servers publish.
package asevent
