package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/gather-coop/gather/internal/model"
	"github.com/gather-coop/gather/internal/store"
	"github.com/gather-coop/gather/internal/store/rowscan"
)

const slotPollColumns = `id, gathering_id, starts_at, part, created_at, retired_at`

func scanSlotPoll(row rowscan.Row) (model.SlotPoll, error) {
	var p model.SlotPoll
	var retired *time.Time
	if err := row.Scan(&p.ID, &p.GatheringID, &p.StartsAt, &p.Part, &p.CreatedAt, &retired); err != nil {
		return model.SlotPoll{}, err
	}
	p.StartsAt, p.CreatedAt = p.StartsAt.UTC(), p.CreatedAt.UTC()
	if retired != nil {
		r := retired.UTC()
		p.RetiredAt = &r
	}
	return p, nil
}

// A poll the sessions still make keeps its row (and so its id), and is
// no longer retired if it was.
const slotPollUpsertSQL = `INSERT INTO slot_polls (gathering_id, starts_at, part, created_at)
	VALUES ($1, $2, $3, $4)
	ON CONFLICT (gathering_id, starts_at, part) DO UPDATE SET retired_at = NULL
	RETURNING id`

func (q Queries) SlotPollSync(ctx context.Context, gatheringID int64, polls []model.SlotPoll, at time.Time) ([]model.SlotPoll, error) {
	at = at.UTC()
	// Every poll is retired first; those polls names come back at once,
	// within the caller's transaction.
	if _, err := q.write.Exec(ctx, `UPDATE slot_polls SET retired_at = $1 WHERE gathering_id = $2 AND retired_at IS NULL`,
		at, gatheringID); err != nil {
		return nil, fmt.Errorf("retire slot polls of gathering %d: %w", gatheringID, err)
	}
	for _, p := range polls {
		var id int64
		if err := q.write.QueryRow(ctx, slotPollUpsertSQL, gatheringID, p.StartsAt.UTC(), p.Part, at).Scan(&id); err != nil {
			return nil, fmt.Errorf("save slot poll of gathering %d at %s: %w", gatheringID, p.StartsAt, err)
		}
		if _, err := q.write.Exec(ctx, `DELETE FROM slot_poll_options WHERE slot_poll_id = $1`, id); err != nil {
			return nil, fmt.Errorf("clear options of slot poll %d: %w", id, err)
		}
		for i, o := range p.Options {
			if _, err := q.write.Exec(ctx, `INSERT INTO slot_poll_options (slot_poll_id, position, session_id, name)
				VALUES ($1, $2, $3, $4)`, id, i, o.SessionID, o.Name); err != nil {
				return nil, fmt.Errorf("save option %d of slot poll %d: %w", i, id, err)
			}
		}
	}
	return q.slotPollList(ctx, q.write, gatheringID)
}

func (q Queries) SlotPollList(ctx context.Context, gatheringID int64) ([]model.SlotPoll, error) {
	return q.slotPollList(ctx, q.read, gatheringID)
}

func (q Queries) slotPollList(ctx context.Context, db DB, gatheringID int64) ([]model.SlotPoll, error) {
	polls, err := list(ctx, db, scanSlotPoll, `SELECT `+slotPollColumns+` FROM slot_polls
		WHERE gathering_id = $1 ORDER BY starts_at, part`, gatheringID)
	if err != nil {
		return nil, fmt.Errorf("list slot polls of gathering %d: %w", gatheringID, err)
	}
	// One query for every poll's options: a gathering has a handful.
	opts, err := list(ctx, db, scanSlotOption, `SELECT o.slot_poll_id, o.session_id, o.name
		FROM slot_poll_options o JOIN slot_polls p ON p.id = o.slot_poll_id
		WHERE p.gathering_id = $1 ORDER BY o.slot_poll_id, o.position`, gatheringID)
	if err != nil {
		return nil, fmt.Errorf("list slot poll options of gathering %d: %w", gatheringID, err)
	}
	byPoll := map[int64][]model.SlotPollOption{}
	for _, o := range opts {
		byPoll[o.pollID] = append(byPoll[o.pollID], o.SlotPollOption)
	}
	for i := range polls {
		polls[i].Options = byPoll[polls[i].ID]
	}
	return polls, nil
}

func (q Queries) SlotPollGet(ctx context.Context, id int64) (model.SlotPoll, error) {
	p, err := scanSlotPoll(q.read.QueryRow(ctx, `SELECT `+slotPollColumns+` FROM slot_polls WHERE id = $1`, id))
	if err != nil {
		return model.SlotPoll{}, fmt.Errorf("slot poll %d: %w", id, err)
	}
	opts, err := list(ctx, q.read, scanSlotOption, `SELECT slot_poll_id, session_id, name FROM slot_poll_options
		WHERE slot_poll_id = $1 ORDER BY position`, id)
	if err != nil {
		return model.SlotPoll{}, fmt.Errorf("options of slot poll %d: %w", id, err)
	}
	for _, o := range opts {
		p.Options = append(p.Options, o.SlotPollOption)
	}
	return p, nil
}

type slotOption struct {
	pollID int64
	model.SlotPollOption
}

func scanSlotOption(row rowscan.Row) (slotOption, error) {
	var o slotOption
	err := row.Scan(&o.pollID, &o.SessionID, &o.Name)
	return o, err
}

func (q Queries) GatheringSlotPollsSet(ctx context.Context, gatheringID int64, on bool) error {
	n, err := q.write.Exec(ctx, `UPDATE gatherings SET slot_polls = $1 WHERE id = $2`, on, gatheringID)
	if err != nil {
		return fmt.Errorf("set slot polls of gathering %d: %w", gatheringID, err)
	}
	if n == 0 {
		return fmt.Errorf("set slot polls of gathering %d: %w", gatheringID, store.ErrNotFound)
	}
	return nil
}

func (q Queries) GatheringSlotPolls(ctx context.Context, gatheringID int64) (bool, error) {
	var on bool
	if err := q.read.QueryRow(ctx, `SELECT slot_polls FROM gatherings WHERE id = $1`, gatheringID).Scan(&on); err != nil {
		return false, fmt.Errorf("slot polls switch of gathering %d: %w", gatheringID, err)
	}
	return on, nil
}
