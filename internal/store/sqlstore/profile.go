package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

const actorProfileSetSQL = `UPDATE actors SET summary_source = $1,
	avatar_file = $2, avatar_type = $3, avatar_width = $4, avatar_height = $5,
	header_file = $6, header_type = $7, header_width = $8, header_height = $9, links = $10
	WHERE id = $11 RETURNING ` + rowscan.ActorColumns

func (q Queries) ActorProfileSet(ctx context.Context, p *store.ActorProfileSetParams) (model.Actor, error) {
	av, hd := p.Avatar, p.Header
	a, err := rowscan.ScanActor(q.write.QueryRow(ctx, actorProfileSetSQL, p.SummarySource,
		av.File, av.MediaType, av.Width, av.Height, hd.File, hd.MediaType, hd.Width, hd.Height,
		rowscan.LinksJSON(p.Links), p.ID))
	if err != nil {
		return model.Actor{}, fmt.Errorf("set profile of actor %d: %w", p.ID, err)
	}
	return a, nil
}

const instanceSettingsGetSQL = `SELECT ` + rowscan.InstanceSettingsColumns + ` FROM instance_settings WHERE id = 1`

func (q Queries) InstanceSettingsGet(ctx context.Context) (model.InstanceSettings, error) {
	s, err := rowscan.ScanInstanceSettings(q.read.QueryRow(ctx, instanceSettingsGetSQL))
	if err != nil {
		return model.InstanceSettings{}, fmt.Errorf("get instance settings: %w", err)
	}
	return s, nil
}

// The upsert puts the row back should someone have deleted it by hand.
const instanceSettingsSaveSQL = `INSERT INTO instance_settings (id, default_timezone, rsvp_poll_default, embed_origins) VALUES (1, $1, $2, $3)
	ON CONFLICT (id) DO UPDATE SET default_timezone = excluded.default_timezone, rsvp_poll_default = excluded.rsvp_poll_default,
		embed_origins = excluded.embed_origins`

func (q Queries) InstanceSettingsSave(ctx context.Context, s *model.InstanceSettings) error {
	if _, err := q.write.Exec(ctx, instanceSettingsSaveSQL, s.DefaultTimezone, s.RSVPPollDefault, strings.Join(s.EmbedOrigins, " ")); err != nil {
		return fmt.Errorf("save instance settings: %w", err)
	}
	return nil
}
