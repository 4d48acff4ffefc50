package webfinger_test

import (
	"encoding/json"
	"encoding/xml"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/gather-coop/gather/federation/webfinger"
)

func TestNodeInfoLinks(t *testing.T) {
	t.Parallel()
	got, err := json.Marshal(webfinger.NodeInfoLinks("https://coop.example/", "https://coop.example/actor"))
	require.NoError(t, err)
	require.JSONEq(t, `{"links":[
		{"rel":"http://nodeinfo.diaspora.software/ns/schema/2.1","href":"https://coop.example/nodeinfo/2.1"},
		{"rel":"https://www.w3.org/ns/activitystreams#Application","href":"https://coop.example/actor"}
	]}`, string(got))

	withoutActor := webfinger.NodeInfoLinks("https://coop.example", "")
	require.Equal(t, []webfinger.Link{{Rel: webfinger.RelNodeInfo, Href: "https://coop.example/nodeinfo/2.1"}}, withoutActor.Links)
}

func TestNodeInfoJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		info webfinger.NodeInfo
		want string
	}{
		{"full", webfinger.NodeInfo{
			Software: webfinger.Software{Name: "gather", Version: "0.1.0", Repository: "https://git.example/gather", Homepage: "https://gather.example"},
			Usage:    webfinger.Usage{Users: webfinger.Users{Total: 3, ActiveMonth: 2, ActiveHalfyear: 3}, LocalPosts: 41},
			Metadata: webfinger.Metadata{NodeName: "Riverside Co-op", NodeDescription: "Gatherings & sessions"},
		}, `{
			"version": "2.1",
			"software": {"name": "gather", "version": "0.1.0", "repository": "https://git.example/gather", "homepage": "https://gather.example"},
			"protocols": ["activitypub"],
			"services": {"inbound": [], "outbound": []},
			"openRegistrations": false,
			"usage": {"users": {"total": 3, "activeMonth": 2, "activeHalfyear": 3}, "localPosts": 41},
			"metadata": {"nodeName": "Riverside Co-op", "nodeDescription": "Gatherings & sessions"}
		}`},
		{"zero value still valid", webfinger.NodeInfo{}, `{
			"version": "2.1",
			"software": {"name": "gather", "version": ""},
			"protocols": ["activitypub"],
			"services": {"inbound": [], "outbound": []},
			"openRegistrations": false,
			"usage": {"users": {"total": 0, "activeMonth": 0, "activeHalfyear": 0}, "localPosts": 0},
			"metadata": {}
		}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := json.Marshal(tt.info)
			require.NoError(t, err)
			require.JSONEq(t, tt.want, string(got))
		})
	}
	require.Equal(t, `application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.1#"`, webfinger.NodeInfoContentType)
}

func TestHostMeta(t *testing.T) {
	t.Parallel()
	for _, base := range []string{"https://coop.example", "https://coop.example/"} {
		doc := webfinger.HostMeta(base)
		var xrd struct {
			XMLName xml.Name `xml:"http://docs.oasis-open.org/ns/xri/xrd-1.0 XRD"`
			Links   []struct {
				Rel      string `xml:"rel,attr"`
				Template string `xml:"template,attr"`
			} `xml:"Link"`
		}
		require.NoError(t, xml.Unmarshal(doc, &xrd), string(doc))
		require.Len(t, xrd.Links, 1)
		require.Equal(t, "lrdd", xrd.Links[0].Rel)
		require.Equal(t, "https://coop.example/.well-known/webfinger?resource={uri}", xrd.Links[0].Template)
	}

	// A base URL with characters XML must escape still gives a well-formed document.
	var any struct{}
	require.NoError(t, xml.Unmarshal(webfinger.HostMeta(`https://coop.example/a&b"<`), &any))
}
