// Sign-in as a development user, then the inbox (kept live from viewerEvents alone) beside the
// open conversation.
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { connect, forgetSession, onEveryConnection, signIn, storedSession, type Session } from './api';
import { Conversation } from './Conversation';
import { CreateConversationDocument, InboxDocument, ViewerEventsDocument } from './documents';
import type { InboxRowFragment } from './gql/graphql';

export function App() {
  const [session, setSession] = useState<Session | null>(storedSession);
  if (!session) return <SignIn onSignedIn={setSession} />;
  return (
    <Chat
      key={session.userId}
      session={session}
      onSignOut={() => {
        forgetSession();
        setSession(null);
      }}
    />
  );
}

function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [userId, setUserId] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      onSignedIn(await signIn(userId.trim(), displayName.trim()));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <form className="sign-in" onSubmit={submit}>
      <h1>Parley</h1>
      <p>Sign in as any user: Parley in development gives a token for the id you type.</p>
      <input aria-label="User id" placeholder="user id, e.g. ada" value={userId} onChange={(e) => setUserId(e.target.value)} required />
      <input
        aria-label="Display name"
        placeholder="display name (optional)"
        value={displayName}
        onChange={(e) => setDisplayName(e.target.value)}
      />
      <button type="submit">Sign in</button>
      {error && <p className="error">{error}</p>}
    </form>
  );
}

const rowTime = (row: InboxRowFragment) => Date.parse(row.lastMessage?.createdAt ?? row.updatedAt);

function Chat({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const connection = useMemo(() => connect(session), [session]);
  useEffect(() => () => connection.close(), [connection]);
  const [rows, setRows] = useState<Map<string, InboxRowFragment>>(new Map());
  const [total, setTotal] = useState(0);
  const [openId, setOpenId] = useState<string | null>(() => new URLSearchParams(location.hash.slice(1)).get('c'));
  const [error, setError] = useState<string | null>(null);

  const upsert = useCallback((row: InboxRowFragment) => setRows((old) => new Map(old).set(row.id, row)), []);

  useEffect(() => {
    const load = async () => {
      const { data, error } = await connection.urql.query(InboxDocument, {}).toPromise();
      if (error) return setError(error.message);
      if (!data) return;
      setRows(new Map(data.conversations.edges.map(({ node }) => [node.id, node])));
      setTotal(data.viewer.unreadMessageCount ?? 0);
    };
    // the inbox is read once and on every reconnection (what happened while away), then kept
    // from events: each carries the row as the viewer sees it now and the new total
    const stopReloads = onEveryConnection(connection.socket, () => void load());
    const events = connection.urql.subscription(ViewerEventsDocument, {}).subscribe(({ data }) => {
      const event = data?.viewerEvents;
      if (!event) return;
      setTotal(event.totalUnreadMessageCount);
      if (event.__typename === 'ConversationRemoved') {
        if (event.keptConversation) upsert(event.keptConversation);
        else
          setRows((old) => {
            const next = new Map(old);
            next.delete(event.conversationId);
            return next;
          });
      } else {
        upsert(event.conversation);
      }
    });
    return () => {
      stopReloads();
      events.unsubscribe();
    };
  }, [connection, upsert]);

  const open = (id: string) => {
    setOpenId(id);
    location.hash = `c=${id}`;
  };
  const sorted = [...rows.values()].sort((a, b) => rowTime(b) - rowTime(a));

  return (
    <div className="chat">
      <aside className="inbox">
        <header>
          <strong data-testid="me">{session.displayName || session.userId}</strong>
          <span className="badge" data-testid="total-unread" title="unread, over all conversations">
            {total}
          </span>
          <button className="link" onClick={onSignOut}>
            sign out
          </button>
        </header>
        <NewConversation
          onCreate={async (title, memberIds) => {
            const { data, error } = await connection.urql.mutation(CreateConversationDocument, { input: { title, memberIds } }).toPromise();
            if (error) return setError(error.message);
            if (data) {
              upsert(data.createConversation);
              open(data.createConversation.id);
            }
          }}
        />
        {error && <p className="error">{error}</p>}
        <ul>
          {sorted.map((row) => (
            <li
              key={row.id}
              className={row.id === openId ? 'open' : ''}
              data-testid="inbox-row"
              data-id={row.id}
              onClick={() => open(row.id)}
            >
              <span className="title">{row.title ?? 'Conversation'}</span>
              {row.unreadMessageCount > 0 && (
                <span className="badge" data-testid="unread">
                  {row.unreadMessageCount}
                </span>
              )}
              <span className="last">
                {row.lastMessage
                  ? `${row.lastMessage.owner?.displayName ?? ''}: ${row.lastMessage.body || (row.lastMessage.attachments.length ? '📎' : '')}`
                  : 'no messages yet'}
              </span>
            </li>
          ))}
        </ul>
      </aside>
      <main>
        {openId ? (
          <Conversation key={openId} connection={connection} session={session} conversationId={openId} />
        ) : (
          <p className="empty">Open a conversation, or start one with the ids of the people to talk to.</p>
        )}
      </main>
    </div>
  );
}

function NewConversation({ onCreate }: { onCreate: (title: string, memberIds: string[]) => Promise<void> }) {
  const [title, setTitle] = useState('');
  const [members, setMembers] = useState('');
  return (
    <form
      className="new"
      onSubmit={(event) => {
        event.preventDefault();
        const ids = members
          .split(',')
          .map((m) => m.trim())
          .filter(Boolean);
        void onCreate(title.trim() || `Chat with ${ids.join(', ')}`, ids).then(() => {
          setTitle('');
          setMembers('');
        });
      }}
    >
      <input aria-label="Title" placeholder="new conversation: title" value={title} onChange={(e) => setTitle(e.target.value)} />
      <input
        aria-label="Members"
        placeholder="member ids, separated by commas"
        value={members}
        onChange={(e) => setMembers(e.target.value)}
      />
      <button type="submit">Start</button>
    </form>
  );
}
