import dns2 from 'dns2';

const { Packet } = dns2;
// RFC 1035 §4.1.1 response codes (dns2's typings omit its RCODE table).
const SERVFAIL = 2;
const NXDOMAIN = 3;

export interface LocalDnsServer {
  /** `127.0.0.1:<port>`, for DNS_SERVERS. */
  address: string;
  /** TXT records by name (lower case), each as its character-strings; a name absent here answers NXDOMAIN. */
  txt: Map<string, string[][]>;
  /** Names answered with SERVFAIL, as a broken resolver would. */
  failing: Set<string>;
  close(): Promise<void>;
}

/** A real DNS server on a loopback UDP port that answers TXT questions from a map the test fills. */
export async function startLocalDnsServer(): Promise<LocalDnsServer> {
  const txt = new Map<string, string[][]>();
  const failing = new Set<string>();
  const server = dns2.createServer({
    udp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      const name = String(question.name).toLowerCase();
      if (failing.has(name)) response.header.rcode = SERVFAIL;
      else if (!txt.has(name)) response.header.rcode = NXDOMAIN;
      else if (question.type === Packet.TYPE.TXT) {
        for (const data of txt.get(name)!) response.answers.push(Packet.createResourceFromQuestion(question, { type: Packet.TYPE.TXT, class: Packet.CLASS.IN, ttl: 1, data }));
      }
      void send(response);
    },
  });
  const addresses = await server.listen({ udp: { port: 0, address: '127.0.0.1' } });
  return {
    address: `127.0.0.1:${addresses.udp!.port}`,
    txt,
    failing,
    close: () => server.close(),
  };
}
