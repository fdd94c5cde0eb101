package passkeydb

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/google/uuid"

	"github.com/cognito-passwordless/passwordless-go/internal/passkey"
)

// ErrMalformedItem reports a stored item that is not as Store writes it.
var ErrMalformedItem = errors.New("passkeydb: malformed item")

// timeLayout keeps every instant to the nanosecond; times are stored in UTC.
const timeLayout = time.RFC3339Nano

// credentialKey is the sort key of the passkey id.
func credentialKey(id []byte) string {
	return CredentialPrefix + base64.RawURLEncoding.EncodeToString(id)
}

// CredentialIDOf reads the credential id back from a passkey item's sort
// key (credentialKey); false if the key is not one.
func CredentialIDOf(sortKey string) ([]byte, bool) {
	encoded, ok := strings.CutPrefix(sortKey, CredentialPrefix)
	if !ok {
		return nil, false
	}
	id, err := base64.RawURLEncoding.Strict().DecodeString(encoded)
	return id, err == nil
}

// key is the primary key of the owner's item.
func key(owner, item string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{AttrOwner: str(owner), AttrItem: str(item)}
}

// credentialItem is the item of the owner's passkey c.
func credentialItem(owner string, c passkey.Credential) map[string]types.AttributeValue {
	item := key(owner, credentialKey(c.ID))
	// Not nil, which the SDK would send as null, an attribute of no type.
	item[AttrPublicKey] = &types.AttributeValueMemberB{Value: append([]byte{}, c.PublicKey...)}
	item[AttrSignCount] = number(int64(c.SignCount))
	if len(c.Transports) > 0 {
		list := make([]types.AttributeValue, len(c.Transports))
		for i, t := range c.Transports {
			list[i] = str(t)
		}
		item[AttrTransports] = &types.AttributeValueMemberL{Value: list}
	}
	item[AttrAAGUID] = str(c.AAGUID.String())
	item[AttrBackupEligible] = &types.AttributeValueMemberBOOL{Value: c.BackupEligible}
	item[AttrBackupState] = &types.AttributeValueMemberBOOL{Value: c.BackupState}
	if c.Name != "" {
		item[AttrName] = str(c.Name)
	}
	item[AttrCreatedAt] = str(c.CreatedAt.UTC().Format(timeLayout))
	if !c.LastUsedAt.IsZero() {
		item[AttrLastUsedAt] = str(c.LastUsedAt.UTC().Format(timeLayout))
	}
	return item
}

// registrationItem is the item of the owner's registration under way.
func registrationItem(owner string, c passkey.Challenge) map[string]types.AttributeValue {
	item := key(owner, ItemRegistration)
	item[AttrChallenge] = str(c.String())
	item[AttrExpiresAt] = number(c.ExpiresAt.Unix())
	return item
}

// DecodeCredential reads a passkey back from its item, as Store.Credentials
// does; the error, wrapping ErrMalformedItem, names the attribute at fault
// and quotes none.
func DecodeCredential(item map[string]types.AttributeValue) (passkey.Credential, error) {
	d := decoder{item: item}
	var c passkey.Credential
	sortKey := d.str(AttrItem, true)
	if d.err == nil {
		var ok bool
		if c.ID, ok = CredentialIDOf(sortKey); !ok {
			d.fail(AttrItem)
		}
	}
	if b, ok := item[AttrPublicKey].(*types.AttributeValueMemberB); ok {
		c.PublicKey = b.Value
	} else {
		d.fail(AttrPublicKey)
	}
	if n, err := strconv.ParseUint(d.number(AttrSignCount), 10, 32); err == nil {
		c.SignCount = uint32(n)
	} else {
		d.fail(AttrSignCount)
	}
	if v, present := item[AttrTransports]; present {
		list, ok := v.(*types.AttributeValueMemberL)
		if !ok {
			d.fail(AttrTransports)
		} else {
			for _, t := range list.Value {
				s, ok := t.(*types.AttributeValueMemberS)
				if !ok {
					d.fail(AttrTransports)
					break
				}
				c.Transports = append(c.Transports, s.Value)
			}
		}
	}
	if id, err := uuid.Parse(d.str(AttrAAGUID, true)); err == nil {
		c.AAGUID = id
	} else {
		d.fail(AttrAAGUID)
	}
	c.BackupEligible = d.bool(AttrBackupEligible)
	c.BackupState = d.bool(AttrBackupState)
	c.Name = d.str(AttrName, false)
	c.CreatedAt = d.time(AttrCreatedAt, true)
	c.LastUsedAt = d.time(AttrLastUsedAt, false)
	if d.err != nil {
		return passkey.Credential{}, d.err
	}
	return c, nil
}

// decodeRegistration reads the challenge back from the registration item.
func decodeRegistration(item map[string]types.AttributeValue) (passkey.Challenge, error) {
	d := decoder{item: item}
	c, err := passkey.ParseChallenge(d.str(AttrChallenge, true))
	if err != nil {
		d.fail(AttrChallenge)
	}
	if d.err != nil {
		return passkey.Challenge{}, d.err
	}
	return c, nil
}

// decoder reads attributes of one item, and keeps the first fault.
type decoder struct {
	item map[string]types.AttributeValue
	err  error
}

func (d *decoder) fail(attr string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: attribute %s is missing or not as stored", ErrMalformedItem, attr)
	}
}

// str is a string attribute; "" if absent and not required.
func (d *decoder) str(attr string, required bool) string {
	v, present := d.item[attr]
	if !present && !required {
		return ""
	}
	s, ok := v.(*types.AttributeValueMemberS)
	if !ok {
		d.fail(attr)
		return ""
	}
	return s.Value
}

func (d *decoder) number(attr string) string {
	if n, ok := d.item[attr].(*types.AttributeValueMemberN); ok {
		return n.Value
	}
	return "" // which no number parses
}

func (d *decoder) bool(attr string) bool {
	b, ok := d.item[attr].(*types.AttributeValueMemberBOOL)
	if !ok {
		d.fail(attr)
		return false
	}
	return b.Value
}

// time is a time attribute; zero if absent and not required.
func (d *decoder) time(attr string, required bool) time.Time {
	s := d.str(attr, required)
	if s == "" && !required {
		return time.Time{}
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		d.fail(attr)
	}
	return t
}

func str(s string) types.AttributeValue { return &types.AttributeValueMemberS{Value: s} }

func number(n int64) types.AttributeValue {
	return &types.AttributeValueMemberN{Value: strconv.FormatInt(n, 10)}
}
