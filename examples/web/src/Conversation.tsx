// One conversation: its history, then new messages from messageAdded(after: the newest cursor
// shown), subscribed again on every reconnection so nothing is missed and nothing shown twice;
// reactions, typing and read marks from conversationEvents; sending text and images.
import { useCallback, useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { print } from 'graphql';
import { onEveryConnection, type Connection, type Session } from './api';
import {
  AddReactionDocument,
  ConversationEventsDocument,
  HistoryDocument,
  MarkReadDocument,
  MessageAddedDocument,
  RemoveReactionDocument,
  SendDocument,
  TypingDocument,
  UploadDocument,
} from './documents';
import type { ShownMessageFragment, WebMessageAddedSubscription, WebUploadMutation } from './gql/graphql';

const reactions: [type: string, shown: string][] = [
  ['like', '+1'],
  ['heart', '♥'],
  ['laugh', '☺'],
];

const adminWords: Record<string, string> = {
  create: 'started the conversation',
  add_members: 'added members',
  remove_members: 'removed members',
  join: 'joined',
  leave: 'left',
  change_title: 'changed the title',
};

/** What an ADMIN message (a group change) says, from its machine-readable attachment. */
function adminLine(message: ShownMessageFragment): string {
  const what = message.attachments.find((a) => a.__typename === 'AdminAttachment');
  const type = what && 'adminMessageType' in what ? what.adminMessageType : 'changed the conversation';
  const change = type.replace(/^admin_group_/, '');
  const words = adminWords[change] ?? change.replace(/_/g, ' ');
  return `${message.owner?.displayName ?? 'Parley'}: ${words}`;
}

type Upload = WebUploadMutation['uploadFile'];

interface Props {
  connection: Connection;
  session: Session;
  conversationId: string;
}

export function Conversation({ connection, session, conversationId }: Props) {
  const { urql, socket } = connection;
  const [title, setTitle] = useState('');
  const [messages, setMessages] = useState<Map<string, ShownMessageFragment>>(new Map());
  const [typing, setTyping] = useState<Map<string, { name: string; until: number }>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(false);
  // the newest message shown: where messageAdded resumes from
  const newest = useRef<{ seq: number; cursor: string } | null>(null);

  /** Adds or replaces messages, by id: a replay never shows one twice. */
  const merge = useCallback((incoming: ShownMessageFragment[]) => {
    for (const m of incoming) if (!newest.current || m.seq > newest.current.seq) newest.current = { seq: m.seq, cursor: m.cursor };
    setMessages((old) => {
      const next = new Map(old);
      for (const m of incoming) next.set(m.id, { ...next.get(m.id), ...m });
      return next;
    });
  }, []);

  const patch = useCallback((id: string, change: Partial<ShownMessageFragment>) => {
    setMessages((old) => {
      const m = old.get(id);
      return m ? new Map(old).set(id, { ...m, ...change }) : old;
    });
  }, []);

  // the history, then live messages from the newest one, again after every reconnection
  useEffect(() => {
    let cancelled = false;
    let stopLive = () => {};
    let stopReconnects = () => {};
    void (async () => {
      const { data, error } = await urql.query(HistoryDocument, { id: conversationId }).toPromise();
      if (cancelled) return;
      if (error || !data?.conversation) return setError(error?.message ?? 'This conversation is not yours to see.');
      setTitle(data.conversation.title ?? '');
      merge(data.messages.edges.map((e) => e.node));
      setLoaded(true);
      stopReconnects = onEveryConnection(socket, () => {
        stopLive();
        stopLive = socket.subscribe<WebMessageAddedSubscription>(
          { query: print(MessageAddedDocument), variables: { id: conversationId, after: newest.current?.cursor ?? null } },
          {
            next: ({ data }) => data && merge([data.messageAdded]),
            error: (e) => setError(e instanceof Error ? e.message : 'The live connection failed.'),
            complete: () => {},
          },
        );
      });
    })();
    return () => {
      cancelled = true;
      stopReconnects();
      stopLive();
    };
  }, [conversationId, urql, socket, merge]);

  // reactions, typing, read marks, edits and recalls
  useEffect(() => {
    const events = urql.subscription(ConversationEventsDocument, { id: conversationId }).subscribe(({ data }) => {
      const event = data?.conversationEvents;
      if (!event) return;
      switch (event.__typename) {
        case 'ReactionsChanged':
          return patch(event.message.id, { reactionCounts: event.reactionCounts });
        case 'MessagesRead':
          for (const m of event.messages) patch(m.id, { readCount: m.readCount });
          return;
        case 'MessageEdited':
        case 'MessageDeleted':
          return merge([event.message]);
        case 'Typing': {
          const user = event.user;
          if (!user || user.id === session.userId) return;
          return setTyping((old) => {
            const next = new Map(old);
            if (event.isTyping)
              next.set(user.id, { name: user.displayName ?? user.id, until: Date.parse(event.expiresAt ?? '') || Date.now() + 5000 });
            else next.delete(user.id);
            return next;
          });
        }
      }
    });
    // a typing indicator ends by itself at its expiry
    const timer = setInterval(() => {
      setTyping((old) => {
        const now = Date.now();
        const left = [...old].filter(([, t]) => t.until > now);
        return left.length === old.size ? old : new Map(left);
      });
    }, 1000);
    return () => {
      events.unsubscribe();
      clearInterval(timer);
    };
  }, [conversationId, urql, session.userId, patch, merge]);

  const sorted = [...messages.values()].sort((a, b) => a.seq - b.seq);
  const last = sorted.at(-1);

  // read marks: what is shown is read, while the page is seen
  useEffect(() => {
    if (!loaded || !last || document.visibilityState !== 'visible') return;
    void urql.mutation(MarkReadDocument, { id: conversationId }).toPromise();
  }, [loaded, last?.id, conversationId, urql]);

  const bottom = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // (a statement: scrollIntoView returns a promise in newer browsers, and an effect may return only a clean-up)
    void bottom.current?.scrollIntoView({ block: 'end' });
  }, [sorted.length]);

  const react = async (message: ShownMessageFragment, type: string) => {
    const mine = message.viewerReactions.includes(type);
    const result = await urql.mutation(mine ? RemoveReactionDocument : AddReactionDocument, { id: message.id, type }).toPromise();
    if (result.error) return setError(result.error.message);
    const changed =
      'addReaction' in (result.data ?? {})
        ? (result.data as { addReaction: ShownMessageFragment }).addReaction
        : (result.data as { removeReaction: ShownMessageFragment } | undefined)?.removeReaction;
    if (changed) patch(changed.id, { reactionCounts: changed.reactionCounts, viewerReactions: changed.viewerReactions });
  };

  const typists = [...typing.values()].map((t) => t.name);
  return (
    <section className="conversation">
      <h2>{title}</h2>
      {error && <p className="error">{error}</p>}
      <ol className="messages" data-testid="messages">
        {sorted.map((m) => (
          <Message key={m.id} message={m} own={m.owner?.id === session.userId} onReact={(type) => void react(m, type)} />
        ))}
        <div ref={bottom} />
      </ol>
      <p className="typing" data-testid="typing">
        {typists.length > 0 && `${typists.join(', ')} ${typists.length > 1 ? 'are' : 'is'} typing…`}
      </p>
      <Composer
        onTyping={() => void urql.mutation(TypingDocument, { id: conversationId, isTyping: true }).toPromise()}
        onUpload={async (file) => {
          const result = await urql.mutation(UploadDocument, { file }).toPromise();
          if (result.error || !result.data) throw new Error(result.error?.message ?? 'The upload failed.');
          return result.data.uploadFile;
        }}
        onSend={async (body, upload) => {
          const kind = upload?.contentType.startsWith('image/') ? 'image' : 'document';
          const attachments = upload
            ? [{ type: kind, fileId: upload.id, name: upload.name, mimeType: upload.contentType, size: upload.size }]
            : [];
          const result = await urql
            .mutation(SendDocument, { input: { conversationId, body: body || null, attachments, id: crypto.randomUUID() } })
            .toPromise();
          if (result.error) return setError(result.error.message);
          if (result.data) merge([result.data.sendMessage]);
        }}
      />
    </section>
  );
}

function Message({ message, own, onReact }: { message: ShownMessageFragment; own: boolean; onReact: (type: string) => void }) {
  const count = (type: string) => message.reactionCounts.find((r) => r.type === type)?.count ?? 0;
  if (message.type === 'ADMIN') {
    return (
      <li className="admin" data-testid="admin-message" data-seq={message.seq}>
        {adminLine(message)}
      </li>
    );
  }
  return (
    <li className={`message${own ? ' own' : ''}${message.isDeleted ? ' deleted' : ''}`} data-testid="message" data-seq={message.seq}>
      <span className="who">{message.owner?.displayName ?? message.owner?.id ?? 'Parley'}</span>
      {message.body && (
        <span className="body" data-testid="body">
          {message.body}
        </span>
      )}
      {message.attachments.map((a, i) =>
        a.__typename === 'FileAttachment' && a.thumbnailUrl ? (
          <a key={i} href={a.fileUrl} target="_blank" rel="noreferrer">
            <img className="thumbnail" data-testid="thumbnail" src={a.thumbnailUrl} alt={a.name ?? 'image'} />
          </a>
        ) : a.__typename === 'FileAttachment' ? (
          <a key={i} href={a.fileUrl} target="_blank" rel="noreferrer">
            📎 {a.name ?? 'file'}
          </a>
        ) : null,
      )}
      <span className="reactions">
        {reactions.map(([type, shown]) => (
          <button
            key={type}
            className={message.viewerReactions.includes(type) ? 'mine' : ''}
            data-testid={`react-${type}`}
            onClick={() => onReact(type)}
            title={type}
          >
            {shown}
            {count(type) > 0 && <span data-testid={`count-${type}`}> {count(type)}</span>}
          </button>
        ))}
      </span>
      {own && (message.readCount ?? 0) > 0 && (
        <span className="seen" data-testid="seen">
          seen
        </span>
      )}
    </li>
  );
}

function Composer(props: {
  onTyping: () => void;
  onUpload: (file: File) => Promise<Upload>;
  onSend: (body: string, upload: Upload | null) => Promise<void>;
}) {
  const [body, setBody] = useState('');
  const [upload, setUpload] = useState<Upload | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const lastTyping = useRef(0);
  const fileInput = useRef<HTMLInputElement>(null);

  const typed = (event: ChangeEvent<HTMLInputElement>) => {
    setBody(event.target.value);
    // at most one typing event every two seconds; the server ends it by itself, or at the send
    if (Date.now() - lastTyping.current > 2000) {
      lastTyping.current = Date.now();
      props.onTyping();
    }
  };
  const chose = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setProblem(null);
    setBusy('uploading…');
    try {
      setUpload(await props.onUpload(file));
    } catch (e) {
      setProblem((e as Error).message);
    } finally {
      setBusy(null);
    }
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim() && !upload) return;
    setBusy('sending…');
    await props.onSend(body.trim(), upload);
    setBody('');
    setUpload(null);
    lastTyping.current = 0;
    if (fileInput.current) fileInput.current.value = '';
    setBusy(null);
  };
  return (
    <form className="composer" onSubmit={submit}>
      {upload?.thumbnailUrl && <img className="preview" data-testid="preview" src={upload.thumbnailUrl} alt="to send" />}
      <input aria-label="Message" placeholder="Write a message" value={body} onChange={typed} />
      <input aria-label="Image" type="file" accept="image/*,application/pdf" ref={fileInput} onChange={(e) => void chose(e)} />
      <button type="submit" disabled={busy !== null}>
        Send
      </button>
      {busy && <span className="busy">{busy}</span>}
      {problem && <span className="error">{problem}</span>}
    </form>
  );
}
