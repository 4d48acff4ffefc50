package federation_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation"
)

// asCoreTerms are the terms the ActivityStreams context itself defines
// (https://www.w3.org/ns/activitystreams): JSON-LD keywords, properties and
// types. A key or type in our output must be one of these or declared in
// federation.ContextJSON.
var asCoreTerms = strings.Fields(`
	@context @id @type id type
	actor attachment attributedTo audience bcc bto cc context current first
	generator icon image inReplyTo instrument last location items oneOf anyOf
	closed origin next object prev preview result replies tag target to url
	accuracy altitude content contentMap name nameMap duration endTime height
	href hreflang partOf latitude longitude mediaType published radius rel
	startIndex startTime summary summaryMap totalItems units updated width
	subject relationship describes formerType deleted orderedItems
	inbox outbox following followers liked likes shares streams
	preferredUsername endpoints sharedInbox

	Object Link Mention Activity IntransitiveActivity Collection
	OrderedCollection CollectionPage OrderedCollectionPage
	Accept TentativeAccept Add Arrive Create Delete Follow Ignore Join Leave
	Like Offer Invite Reject TentativeReject Remove Undo Update View Listen
	Read Move Travel Announce Block Flag Dislike Question
	Application Group Organization Person Service
	Article Audio Document Event Image Note Page Place Profile Relationship
	Tombstone Video`)

// securityTerms are the terms of https://w3id.org/security/v1 that Gather
// writes.
var securityTerms = []string{"publicKey", "owner", "publicKeyPem"}

// declaredTerms returns the terms a document may use: ActivityStreams
// core, the security terms, and what federation.ContextJSON declares.
func declaredTerms(t *testing.T) map[string]bool {
	t.Helper()
	var ctx []json.RawMessage
	require.NoError(t, json.Unmarshal(federation.Context(), &ctx))
	var defs map[string]any
	require.NoError(t, json.Unmarshal(ctx[len(ctx)-1], &defs))
	terms := make(map[string]bool)
	for _, term := range slices.Concat(asCoreTerms, securityTerms) {
		terms[term] = true
	}
	for term := range defs {
		terms[term] = true
	}
	return terms
}

// undeclaredTerms walks a document and lists each key, and each "type"
// value, that terms does not know, with its path. A compact IRI
// ("ical:status") counts when its prefix is known. "@context" is skipped.
func undeclaredTerms(terms map[string]bool, doc []byte) ([]string, error) {
	known := func(term string) bool {
		if terms[term] {
			return true
		}
		prefix, rest, ok := strings.Cut(term, ":")
		return ok && !strings.HasPrefix(rest, "//") && terms[prefix]
	}
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		return nil, err
	}
	var bad []string
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for key, val := range v {
				if key == "@context" {
					continue
				}
				if !known(key) {
					bad = append(bad, path+"."+key)
				}
				if s, ok := val.(string); ok && key == "type" && !known(s) {
					bad = append(bad, path+".type="+s)
				}
				walk(path+"."+key, val)
			}
		case []any:
			for _, e := range v {
				walk(path+"[]", e)
			}
		}
	}
	walk("$", v)
	slices.Sort(bad)
	return bad, nil
}

// requireDeclaredTerms fails when a document uses a key or a type that is
// neither ActivityStreams core nor declared in our @context.
func requireDeclaredTerms(t *testing.T, doc []byte) {
	t.Helper()
	bad, err := undeclaredTerms(declaredTerms(t), doc)
	require.NoError(t, err)
	require.Empty(t, bad, "terms neither in ActivityStreams nor declared in federation.ContextJSON")
}

func TestUndeclaredTerms(t *testing.T) {
	t.Parallel()
	terms := declaredTerms(t)
	bad, err := undeclaredTerms(terms, []byte(`{"@context":{"x":"y"},"type":"Event","ical:status":"CONFIRMED",
		"location":{"type":"Place","geo":{"lat":1}},"tag":[{"type":"Emoji"}],"http://x.example/p":1,"zz:top":2}`))
	require.NoError(t, err)
	require.Equal(t, []string{"$.http://x.example/p", "$.location.geo", "$.location.geo.lat", "$.tag[].type=Emoji", "$.zz:top"}, bad)
}
