import { ConnectionType } from '../../shared/pagination';
import { StatusChange } from './status-change.type';

export const StatusChangeConnection = ConnectionType(StatusChange, 'StatusChange');
