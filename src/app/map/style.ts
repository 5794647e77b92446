export { EXISTING, SERVICE, TYPE_COLOURS } from '../../style/colours';
