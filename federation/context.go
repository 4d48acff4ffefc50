package federation

import "encoding/json"

// ContextJSON is the JSON-LD @context written on every document Gather
// serves or sends: the ActivityStreams context, the security vocabulary
// (publicKey), and one object declaring each extension term Gather uses.
//
// Where the term comes from:
//   - Mastodon: manuallyApprovesFollowers, sensitive, Hashtag, discoverable,
//     indexable, votersCount (RSVP polls), featured (pinned posts),
//     PropertyValue and value (profile links).
//   - Mobilizon: timezone, joinMode, participantCount, isOnline,
//     anonymousParticipationEnabled and repliesModerationOption (mz:),
//     commentsEnabled (PeerTube's pt:, as Mobilizon declares it), and the
//     schema.org capacity and postal-address terms; ical:status needs only
//     the ical prefix.
//   - FEP-8a8e: organizers, attendees, eventStatus, category,
//     upcomingEvents and externalParticipationUrl, in the FEP's own
//     namespace (https://w3id.org/fep/8a8e/).
//   - schema.org: superEvent and subEvent link a session to its gathering.
//
// Add a term here before writing it anywhere: every document shares this
// one context, so a term declared once is declared everywhere.
const ContextJSON = `[
  "https://www.w3.org/ns/activitystreams",
  "https://w3id.org/security/v1",
  {
    "manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
    "sensitive": "as:sensitive",
    "Hashtag": "as:Hashtag",
    "toot": "http://joinmastodon.org/ns#",
    "discoverable": "toot:discoverable",
    "indexable": "toot:indexable",
    "votersCount": "toot:votersCount",
    "featured": {"@id": "toot:featured", "@type": "@id"},
    "schema": "http://schema.org#",
    "PropertyValue": "schema:PropertyValue",
    "value": "schema:value",
    "mz": "https://joinmobilizon.org/ns#",
    "ical": "http://www.w3.org/2002/12/cal/ical#",
    "timezone": "mz:timezone",
    "joinMode": "mz:joinMode",
    "participantCount": "mz:participantCount",
    "isOnline": "mz:isOnline",
    "anonymousParticipationEnabled": "mz:anonymousParticipationEnabled",
    "repliesModerationOption": "mz:repliesModerationOption",
    "pt": "https://joinpeertube.org/ns#",
    "commentsEnabled": "pt:commentsEnabled",
    "maximumAttendeeCapacity": "schema:maximumAttendeeCapacity",
    "remainingAttendeeCapacity": "schema:remainingAttendeeCapacity",
    "superEvent": {"@id": "schema:superEvent", "@type": "@id"},
    "subEvent": {"@id": "schema:subEvent", "@type": "@id"},
    "address": "schema:address",
    "PostalAddress": "schema:PostalAddress",
    "streetAddress": "schema:streetAddress",
    "addressLocality": "schema:addressLocality",
    "postalCode": "schema:postalCode",
    "addressRegion": "schema:addressRegion",
    "addressCountry": "schema:addressCountry",
    "VirtualLocation": "schema:VirtualLocation",
    "organizers": {"@id": "https://w3id.org/fep/8a8e/organizers", "@type": "@id"},
    "attendees": {"@id": "https://w3id.org/fep/8a8e/attendees", "@type": "@id"},
    "eventStatus": "https://w3id.org/fep/8a8e/eventStatus",
    "category": "https://w3id.org/fep/8a8e/category",
    "upcomingEvents": {"@id": "https://w3id.org/fep/8a8e/upcomingEvents", "@type": "@id"},
    "externalParticipationUrl": {"@id": "https://w3id.org/fep/8a8e/externalParticipationUrl", "@type": "@id"}
  }
]`

// Context returns [ContextJSON] as a raw JSON value, ready to be set as
// "@context" on a document's struct. Each call returns a fresh copy.
func Context() json.RawMessage {
	return json.RawMessage(ContextJSON)
}

// ActivityStreamsNS is the ActivityStreams namespace IRI.
const ActivityStreamsNS = "https://www.w3.org/ns/activitystreams"

// Public is the special collection that addresses everyone. Use it in
// "to" for a public post; [IsPublic] also recognises its short forms.
const Public = ActivityStreamsNS + "#Public"

// IsPublic reports whether addr names the public collection in any of the
// three forms seen in the wild: the full IRI, "as:Public" and "Public".
func IsPublic(addr string) bool {
	switch addr {
	case Public, "as:Public", "Public":
		return true
	}
	return false
}
