/** The ports of entry served by the fast-track and their permit-window calendars. */

export const vehicleTypes = ['truck', 'vessel'] as const;
export type VehicleType = (typeof vehicleTypes)[number];
export const portCalendars = ['daily', 'mon-sat'] as const;
export type PortCalendar = (typeof portCalendars)[number];

export interface Port {
  code: string;
  name: string;
  crossesTo: string;
  vehicleTypes: VehicleType[];
  calendar: PortCalendar;
  /** Asia/Shanghai dates on which the permit window is closed (only meaningful for `mon-sat` ports). */
  closedDates: string[];
}

export const ports: readonly Port[] = [
  { code: 'MOHAN', name: 'Mohan', crossesTo: 'LA', vehicleTypes: ['truck'], calendar: 'daily', closedDates: [] },
  { code: 'DALUO', name: 'Daluo', crossesTo: 'MM', vehicleTypes: ['truck'], calendar: 'daily', closedDates: [] },
  {
    code: 'JINGHONG',
    name: 'Jinghong port',
    crossesTo: 'Mekong waterway',
    vehicleTypes: ['vessel'],
    calendar: 'mon-sat',
    closedDates: ['2027-01-01', '2027-02-06', '2027-02-07', '2027-02-08'],
  },
  {
    code: 'GUANLEI',
    name: 'Guanlei port',
    crossesTo: 'Mekong waterway',
    vehicleTypes: ['vessel'],
    calendar: 'mon-sat',
    closedDates: ['2027-01-01', '2027-02-06', '2027-02-07', '2027-02-08'],
  },
];

const portsByCode = new Map(ports.map((port) => [port.code, port]));

export const portCodes = ports.map((port) => port.code);

export function findPort(code: string): Port | undefined {
  return portsByCode.get(code);
}

/** The port of a stored application or a checked request: an unknown code here is a bug, said plainly. */
export function portOf(code: string): Port {
  const port = portsByCode.get(code);
  if (!port) throw new Error(`Unknown port code ${code}: not in the port configuration`);
  return port;
}
