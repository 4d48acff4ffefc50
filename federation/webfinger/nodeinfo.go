package webfinger

import (
	"encoding/json"
	"strings"
)

// NodeInfo paths, relations and media type.
const (
	// NodeInfoWellKnownPath is where NodeInfoLinks is served.
	NodeInfoWellKnownPath = "/.well-known/nodeinfo"
	// NodeInfoPath is where the NodeInfo 2.1 document is served.
	NodeInfoPath = "/nodeinfo/2.1"
	// RelNodeInfo is the link relation of a NodeInfo 2.1 document.
	RelNodeInfo = "http://nodeinfo.diaspora.software/ns/schema/2.1"
	// RelApplication links the instance's Application actor (FEP-2677).
	RelApplication = activityStreamsNS + "#Application"
	// NodeInfoContentType is the media type to serve NodeInfo 2.1 with.
	NodeInfoContentType = `application/json; profile="http://nodeinfo.diaspora.software/ns/schema/2.1#"`
	// SoftwareName is Gather's name in NodeInfo.
	SoftwareName = "gather"
)

// NodeInfoLinks builds the /.well-known/nodeinfo document: a link to the
// NodeInfo 2.1 document under baseURL and, per FEP-2677, one to the
// instance actor applicationActorID (left out when empty). Serve it with
// WriteJRD or as application/json.
func NodeInfoLinks(baseURL, applicationActorID string) JRD {
	jrd := JRD{Links: []Link{{Rel: RelNodeInfo, Href: strings.TrimSuffix(baseURL, "/") + NodeInfoPath}}}
	if applicationActorID != "" {
		jrd.Links = append(jrd.Links, Link{Rel: RelApplication, Href: applicationActorID})
	}
	return jrd
}

// NodeInfo is the NodeInfo 2.1 document: which software this server runs
// and how busy it is. Its JSON form adds what is the same for every Gather
// server: version "2.1", protocols ["activitypub"] and no services.
type NodeInfo struct {
	Software          Software
	OpenRegistrations bool
	Usage             Usage
	Metadata          Metadata
}

// Software names the server software. An empty Name is written as
// SoftwareName.
type Software struct {
	Name, Version, Repository, Homepage string
}

// Usage counts local users and local posts (for Gather: published
// gatherings and sessions).
type Usage struct {
	Users      Users
	LocalPosts int
}

// Users counts local accounts: all, and those active in the last month and
// half year.
type Users struct {
	Total, ActiveMonth, ActiveHalfyear int
}

// Metadata is free-form NodeInfo metadata; Gather writes the node's name
// and description.
type Metadata struct {
	NodeName, NodeDescription string
}

// MarshalJSON encodes the NodeInfo 2.1 document.
func (n NodeInfo) MarshalJSON() ([]byte, error) {
	name := n.Software.Name
	if name == "" {
		name = SoftwareName
	}
	type software struct {
		Name       string `json:"name"`
		Version    string `json:"version"`
		Repository string `json:"repository,omitempty"`
		Homepage   string `json:"homepage,omitempty"`
	}
	type users struct {
		Total          int `json:"total"`
		ActiveMonth    int `json:"activeMonth"`
		ActiveHalfyear int `json:"activeHalfyear"`
	}
	type usage struct {
		Users      users `json:"users"`
		LocalPosts int   `json:"localPosts"`
	}
	type services struct {
		Inbound  []string `json:"inbound"`
		Outbound []string `json:"outbound"`
	}
	type metadata struct {
		NodeName        string `json:"nodeName,omitempty"`
		NodeDescription string `json:"nodeDescription,omitempty"`
	}
	return json.Marshal(struct {
		Version           string   `json:"version"`
		Software          software `json:"software"`
		Protocols         []string `json:"protocols"`
		Services          services `json:"services"`
		OpenRegistrations bool     `json:"openRegistrations"`
		Usage             usage    `json:"usage"`
		Metadata          metadata `json:"metadata"`
	}{
		Version:           "2.1",
		Software:          software{name, n.Software.Version, n.Software.Repository, n.Software.Homepage},
		Protocols:         []string{"activitypub"},
		Services:          services{Inbound: []string{}, Outbound: []string{}},
		OpenRegistrations: n.OpenRegistrations,
		Usage:             usage{users{n.Usage.Users.Total, n.Usage.Users.ActiveMonth, n.Usage.Users.ActiveHalfyear}, n.Usage.LocalPosts},
		Metadata:          metadata{n.Metadata.NodeName, n.Metadata.NodeDescription},
	})
}
